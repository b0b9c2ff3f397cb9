package org.nhsloginkeycloak.sandpit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The start waits for each node's own view of the cluster, and says what each sees when they never meet. */
class ClusterFormationTest {

    private static final Path LOG = Path.of("sandpit-run/node2/keycloak.log");

    @Test
    void aNodeThatNeverJoinsStopsTheStartWithWhatEachNodeSeesAndWhereToLook() {
        assertThatThrownBy(() -> Cluster.awaitOneCluster(2, node -> OptionalInt.of(node == 0 ? 2 : 1), Duration.ZERO,
                LOG, () -> { }))
                .isInstanceOf(SandpitException.class)
                .hasMessage("The nodes did not form one cluster within 0 seconds (node1 sees 2 nodes, node2 sees 1"
                        + " node): look for ISPN000094 in " + LOG + ", and check that nothing else on this machine"
                        + " uses the same database.");
    }

    @Test
    void aNodeWhoseMetricsCannotBeReadIsSaidToSeeNone() {
        assertThatThrownBy(() -> Cluster.awaitOneCluster(2, node -> node == 0 ? OptionalInt.of(1) : OptionalInt.empty(),
                Duration.ZERO, LOG, () -> { }))
                .hasMessageContaining("(node1 sees 1 node, node2 sees no nodes)");
    }

    @Test
    void oneNodeSeeingBothIsNotEnoughButBothSeeingBothIs() {
        AtomicInteger asked = new AtomicInteger();
        // Node 1 sees both from the start, node 2 only from its third answer.
        Cluster.awaitOneCluster(2, node -> OptionalInt.of(node == 0 || asked.incrementAndGet() >= 3 ? 2 : 1),
                Duration.ofMinutes(1), LOG, () -> { });
        assertThat(asked).hasValue(3);
    }

    @Test
    void readsTheClusterSizeFromKeycloaksMetrics() {
        assertThat(Cluster.clusterSize("# HELP vendor_cluster_size\nvendor_cluster_size{cache_manager=\"x\"} 2.0\n"))
                .hasValue(2);
        assertThat(Cluster.clusterSize("jvm_threads_live 40.0\n")).isEmpty();
    }
}
