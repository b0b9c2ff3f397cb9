package org.nhsloginkeycloak.sandpit;

import java.util.ArrayList;
import java.util.List;

/**
 * The loopback ports one Keycloak node takes: HTTP, management, and in a cluster the Infinispan transport port, whose
 * failure detector listens on that port + {@value #FAILURE_DETECTOR_OFFSET} (so cluster ports stay at or below
 * {@value #HIGHEST_CLUSTER_PORT}).
 */
record NodePorts(String name, int httpPort, int managementPort, int clusterPort) {

    static final int FAILURE_DETECTOR_OFFSET = 50000;
    static final int FIRST_CLUSTER_PORT = 7800;
    static final int HIGHEST_CLUSTER_PORT = 65535 - FAILURE_DETECTOR_OFFSET;

    /**
     * One node takes the options' own ports; node <i>n</i> of a cluster takes {@code httpPort + n},
     * {@code managementPort + n} and {@code 7790 + 10n}, or free ports when the options ask for them (tests).
     */
    static List<NodePorts> of(SandpitOptions options) {
        if (options.nodes() == 1) {
            return List.of(new NodePorts("node1", options.httpPort(), options.managementPort(), 0));
        }
        List<NodePorts> nodes = new ArrayList<>();
        List<Integer> taken = new ArrayList<>();
        for (int n = 1; n <= options.nodes(); n++) {
            if (options.freePorts()) {
                int cluster = freeClusterPort(taken);
                taken.add(cluster);
                nodes.add(new NodePorts("node" + n, Ports.free(), Ports.free(), cluster));
            } else {
                nodes.add(new NodePorts("node" + n, options.httpPort() + n, options.managementPort() + n,
                        FIRST_CLUSTER_PORT + 10 * (n - 1)));
            }
        }
        return nodes;
    }

    /** Fails with the port's name and what wanted it; in a cluster, the transport and failure-detector ports too. */
    void requireFree(boolean cluster) {
        if (cluster) {
            Ports.requireFree(httpPort, "Keycloak HTTP of " + name);
            Ports.requireFree(managementPort, "Keycloak management of " + name);
            Ports.requireFree(clusterPort, "the cluster transport of " + name);
            Ports.requireFree(clusterPort + FAILURE_DETECTOR_OFFSET, "the cluster failure detector of " + name);
        } else {
            Ports.requireFree(managementPort, "Keycloak management; --management-port chooses another");
        }
    }

    private static int freeClusterPort(List<Integer> taken) {
        for (int port = FIRST_CLUSTER_PORT; port <= HIGHEST_CLUSTER_PORT; port++) {
            if (!taken.contains(port) && Ports.isFree(port) && Ports.isFree(port + FAILURE_DETECTOR_OFFSET)) {
                return port;
            }
        }
        throw new SandpitException("No free cluster port on " + Ports.LOOPBACK + " from " + FIRST_CLUSTER_PORT + " to "
                + HIGHEST_CLUSTER_PORT + " (with its failure-detector port free too).");
    }
}
