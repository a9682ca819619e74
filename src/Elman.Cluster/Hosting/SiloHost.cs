using System.Net;
using Elman.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Elman.Cluster.Hosting;

/// <summary>
/// Builds an Elman silo: the unit and silo grains, the silo's <see cref="SiloWork"/>, endpoints and cluster id.
/// Membership is development clustering (every silo names the first one, <see cref="SiloSettings.Primary"/>)
/// unless the caller configures another (Redis, ADO.NET, Kubernetes), together with the endpoints and cluster id.
/// </summary>
public static class SiloHost
{
    /// <summary>The silo's host, not yet started; Orleans logs nothing (the caller reports what matters).</summary>
    /// <param name="settings">Endpoints, threads, file folder.</param>
    /// <param name="corpora">Where the silo reads named corpora from.</param>
    /// <param name="membership">Configures membership, endpoints and the cluster's identity instead (e.g. Redis or ADO.NET
    /// membership, Kubernetes hosting); null for development clustering on <paramref name="settings"/>' endpoints.</param>
    /// <param name="log">Told when a unit starts, finishes or fails on this silo.</param>
    public static IHost Build(SiloSettings settings, ICorpusSource corpora, Action<ISiloBuilder>? membership = null, Action<string>? log = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            if (membership is not null) membership(silo);
            else
            {
                silo.UseDevelopmentClustering(settings.Primary ?? new IPEndPoint(settings.Address, settings.Port));
                silo.ConfigureEndpoints(settings.Address, settings.Port, settings.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(settings.Address));
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ServiceId));
            }
            silo.Configure<SiloMessagingOptions>(o => o.MaxMessageBodySize = ClusterInfo.MaxMessageBytes);
            silo.Services.AddSingleton(services =>
            {
                var local = services.GetRequiredService<ILocalSiloDetails>();
                return new SiloWork(settings.Threads, corpora, new UnitFileStore(settings.FileFolder), () => local.SiloAddress.ToParsableString(), log,
                    settings.ResultFolder is null ? null : new UnitResultStore(settings.ResultFolder));
            });
        });
        return builder.Build();
    }
}
