using System.Reflection;
using Npgsql;

namespace Elman.Cluster.Membership;

/// <summary>
/// The PostgreSQL schema of Orleans' ADO.NET membership, shipped as the embedded script postgres-membership.sql (the
/// same file works with <c>psql -f</c>). Orleans reads every query it runs from the OrleansQuery table by key, so the
/// script defines the tables and that catalog.
/// </summary>
static class PostgresMembershipSchema
{
    /// <summary>The script's name among this assembly's resources.</summary>
    internal const string ResourceName = "Elman.Cluster.Membership.postgres-membership.sql";

    /// <summary>The script's text.</summary>
    internal static string Script()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"resource {ResourceName} is missing from {Assembly.GetExecutingAssembly().GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Runs the script in one transaction, so a failure leaves the database as it was.</summary>
    internal static async Task CreateAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(Script(), connection, transaction))
            await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
