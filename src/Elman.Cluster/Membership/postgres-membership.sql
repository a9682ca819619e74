-- Orleans ADO.NET membership on PostgreSQL (Microsoft.Orleans.Clustering.AdoNet with the Npgsql invariant), written for
-- Elman. Run it once per database before the first silo starts:
--     psql -v ON_ERROR_STOP=1 -1 -f postgres-membership.sql "host=db dbname=elman user=elman"
-- or ClusterMembership.CreatePostgresSchemaAsync(connectionString). Running it again keeps every membership row and
-- rewrites the queries.
--
-- Orleans runs only the queries it reads from OrleansQuery, by key, with @-named parameters. It reads results by column
-- name and takes a single-column, single-row result as a boolean (non-zero: the write happened).
--
-- Versioning: OrleansMembershipVersionTable holds one row per cluster (DeploymentId = the cluster id) whose Version is
-- the membership table's etag. Every write to a member row carries the Version the silo last read; it succeeds only if
-- that is still the current one, and then increments it, so of two silos racing on the same version exactly one wins.
-- The writes lock the version row (FOR UPDATE) before touching members: under READ COMMITTED a writer that waited for
-- the lock sees the winner's new Version, matches no row, and writes nothing. Heartbeats (IAmAliveTime) are not versioned.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL PRIMARY KEY,
    Timestamp timestamptz(3) NOT NULL DEFAULT now(),
    Version integer NOT NULL DEFAULT 0
);

-- One row per silo incarnation: Address:Port plus Generation (the silo's start time) tells restarts apart.
-- Status is Orleans' SiloStatus: 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead.
-- SuspectTimes lists "silo,time|silo,time" votes that this silo is dead.
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address varchar(45) NOT NULL,
    Port integer NOT NULL,
    Generation integer NOT NULL,
    SiloName varchar(150) NOT NULL,
    HostName varchar(150) NOT NULL,
    Status integer NOT NULL,
    ProxyPort integer NOT NULL,
    SuspectTimes varchar(8000) NULL,
    StartTime timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- A cluster's first silo creates its version row; 1 if this call created it, 0 if it existed.
('InsertMembershipVersionKey', $sql$
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer FROM created;
$sql$),

-- A silo joins: its row is added and the version incremented, both only if @Version is current and the row is new.
('InsertMembershipKey', $sql$
WITH current_version AS (
    SELECT DeploymentId FROM OrleansMembershipVersionTable
    WHERE DeploymentId = @DeploymentId AND Version = @Version
    FOR UPDATE
), joined AS (
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM current_version
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING
    RETURNING DeploymentId
), next_version AS (
    UPDATE OrleansMembershipVersionTable SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId IN (SELECT DeploymentId FROM joined)
    RETURNING 1
)
SELECT count(*)::integer FROM next_version;
$sql$),

-- A silo's status or suspicions change: same rule, and the row must exist.
('UpdateMembershipKey', $sql$
WITH current_version AS (
    SELECT DeploymentId FROM OrleansMembershipVersionTable
    WHERE DeploymentId = @DeploymentId AND Version = @Version
    FOR UPDATE
), changed AS (
    UPDATE OrleansMembershipTable AS m
    SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
    FROM current_version AS v
    WHERE m.DeploymentId = v.DeploymentId
        AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    RETURNING m.DeploymentId
), next_version AS (
    UPDATE OrleansMembershipVersionTable SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId IN (SELECT DeploymentId FROM changed)
    RETURNING 1
)
SELECT count(*)::integer FROM next_version;
$sql$),

-- A silo's heartbeat.
('UpdateIAmAlivetimeKey', $sql$
UPDATE OrleansMembershipTable SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
$sql$),

-- One silo's row with the table version; the version row alone (null member columns) when the silo has none.
('MembershipReadRowKey', $sql$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
    ON m.DeploymentId = v.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;
$sql$),

-- Every row of the cluster with the table version; the version row alone when there are no members.
('MembershipReadAllKey', $sql$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;
$sql$),

-- Where clients may connect: silos in @Status (Active) with a gateway.
('GatewaysQueryKey', $sql$
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
$sql$),

-- Forgets dead silos that have not beaten since @IAmAliveTime; live and joining silos are never removed here.
('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status = 6;
$sql$),

-- Removes a whole cluster (Orleans' tests and tools use it; running silos never do).
('DeleteMembershipTableEntriesKey', $sql$
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$sql$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
