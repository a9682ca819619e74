namespace Elman.Cluster.Membership;

/// <summary>Where the silos of an Elman cluster record who is alive, so they can find each other and clients can find them.</summary>
public enum MembershipKind
{
    /// <summary>
    /// No membership server: every silo listens on 127.0.0.1 and the first silo (the primary) is the table. One machine
    /// only, and the cluster ends when the primary does; for trying things out and for tests.
    /// </summary>
    Localhost,

    /// <summary>A Redis server holds the membership table (Microsoft.Orleans.Clustering.Redis).</summary>
    Redis,

    /// <summary>
    /// A PostgreSQL database holds the membership table through ADO.NET (Microsoft.Orleans.Clustering.AdoNet with Npgsql);
    /// the database needs the schema of <see cref="ClusterMembership.CreatePostgresSchemaAsync"/> first.
    /// </summary>
    AdoNet,
}
