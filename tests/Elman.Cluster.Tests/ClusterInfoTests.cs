using Elman.Cluster;

namespace Elman.Cluster.Tests;

public class ClusterInfoTests
{
    [Fact]
    public void DefaultClusterIdIsElman() => Assert.Equal("elman", ClusterInfo.DefaultClusterId);
}
