package org.nhsloginkeycloak.sandpit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadBalancerTest {

    private static final List<LoadBalancer.Backend> TWO_NODES = List.of(new LoadBalancer.Backend("node1", 8081, 9001),
            new LoadBalancer.Backend("node2", 8082, 9002));

    @Test
    void theMachinesHaproxyAcceptsTheConfiguration(@TempDir Path folder) throws IOException, InterruptedException {
        Path config = folder.resolve("haproxy.cfg");
        Files.writeString(config, LoadBalancer.config(8080, TWO_NODES));
        Process check = new ProcessBuilder(haproxy(), "-c", "-f", config.toString()).redirectErrorStream(true).start();
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(new String(check.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void readyNodesServeAndAliveOnesOnlyWhenNoneIsReady() {
        String config = LoadBalancer.config(8080, TWO_NODES);
        String ready = config.substring(config.indexOf("\nbackend keycloak\n"), config.indexOf("\nbackend keycloak-live"));
        String live = config.substring(config.indexOf("\nbackend keycloak-live"));

        assertThat(config).contains("use_backend keycloak-live if { nbsrv(keycloak) eq 0 }", "default_backend keycloak");
        assertThat(ready).contains("GET /health/ready", "server node1 127.0.0.1:8081 check port 9001",
                "server node2 127.0.0.1:8082 check port 9002").doesNotContain("/health/live");
        assertThat(live).contains("GET /health/live", "server node1 127.0.0.1:8081 check port 9001",
                "server node2 127.0.0.1:8082 check port 9002");
    }

    private static String haproxy() {
        return List.of("/usr/sbin/haproxy", "/usr/bin/haproxy").stream().filter(path -> Files.isExecutable(Path.of(path)))
                .findFirst().orElseThrow(() -> new AssertionError("HAProxy is not installed: apt-get install -y haproxy"));
    }
}
