using Elman.Cluster.Tests.Membership.Servers;

namespace Elman.Cluster.Tests.Membership;

/// <summary>One PostgreSQL server for every test class that needs one; each test makes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresServerCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}
