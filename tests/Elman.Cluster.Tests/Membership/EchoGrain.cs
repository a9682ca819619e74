using Orleans.Placement;
using Orleans.Runtime;

namespace Elman.Cluster.Tests.Membership;

/// <summary>The smallest grain that shows where it ran: it answers its text and the silo it was activated on.</summary>
public interface IEchoGrain : IGrainWithIntegerKey
{
    Task<Echo> Say(string text);
}

/// <summary>What <see cref="IEchoGrain.Say"/> answers: the text sent, and the silo address that answered.</summary>
[GenerateSerializer, Immutable]
public sealed record Echo([property: Id(0)] string Text, [property: Id(1)] string Silo);

/// <summary>Placed at random, so a few activations land on every active silo and calls must cross between them.</summary>
[RandomPlacement]
public sealed class EchoGrain(ILocalSiloDetails silo) : Grain, IEchoGrain
{
    public Task<Echo> Say(string text) => Task.FromResult(new Echo(text, silo.SiloAddress.ToString()));
}
