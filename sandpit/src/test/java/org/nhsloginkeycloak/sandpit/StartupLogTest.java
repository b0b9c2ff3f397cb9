package org.nhsloginkeycloak.sandpit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StartupLogTest {

    @Test
    void prefersKeycloaksClosingCauseLine() {
        List<String> output = List.of(
                "2026-11-23 21:51:39,478 INFO  [org.keycloak] (main) starting",
                "2026-11-23 21:51:40,000 ERROR [org.keycloak.quarkus.runtime.cli.ExecutionExceptionHandler] (main) ERROR: Failed to start server",
                "ERROR: Failed to start server in (production) mode",
                "ERROR: Unable to import realm nhs from file data/import/nhs-realm.json.",
                "For more details run the same command passing the '--verbose' option.");

        assertThat(StartupLog.summarise(output)).isEqualTo("Unable to import realm nhs from file data/import/nhs-realm.json.");
    }

    @Test
    void readsTheCauseLinesWhenKeycloakLogsThemToo() {
        List<String> output = List.of(
                "2026-11-23 22:08:43,312 ERROR [org.keycloak.quarkus.runtime.cli.ExecutionExceptionHandler] (executor-thread-1) ERROR: Failed to start server in (production) mode",
                "2026-11-23 22:08:43,312 ERROR [org.keycloak.quarkus.runtime.cli.ExecutionExceptionHandler] (executor-thread-1) ERROR: Failed to run import",
                "2026-11-23 22:08:43,316 ERROR [org.keycloak.quarkus.runtime.cli.ExecutionExceptionHandler] (executor-thread-1) ERROR: Cannot deserialize value of type `java.lang.Integer` from String \"five minutes\"",
                "2026-11-23 22:08:43,316 ERROR [org.keycloak.quarkus.runtime.cli.ExecutionExceptionHandler] (executor-thread-1) For more details run the same command passing the '--verbose' option.");

        assertThat(StartupLog.summarise(output))
                .isEqualTo("Cannot deserialize value of type `java.lang.Integer` from String \"five minutes\"");
    }

    @Test
    void fallsBackToTheFirstLoggedErrorWithoutItsPrefix() {
        List<String> output = List.of(
                "2026-11-23 21:51:40,000 INFO  [x] (main) fine",
                "2026-11-23 21:51:41,000 ERROR [org.keycloak.services] (executor-thread-1) KC-SERVICES0010: Failed to add user",
                "2026-11-23 21:51:42,000 ERROR [org.keycloak.services] (executor-thread-1) a later error");

        assertThat(StartupLog.summarise(output)).isEqualTo("KC-SERVICES0010: Failed to add user");
    }

    @Test
    void otherwiseTheLastLineKeycloakPrinted() {
        assertThat(StartupLog.summarise(List.of(
                "A provider JAR was updated since the last build, please rebuild for this to be fully utilized.", "")))
                .isEqualTo("A provider JAR was updated since the last build, please rebuild for this to be fully utilized.");
        assertThat(StartupLog.summarise(List.of())).isEqualTo("it printed nothing");
    }

    @Test
    void keepsTheSentenceShort() {
        assertThat(StartupLog.summarise(List.of("ERROR: " + "x".repeat(1000)))).hasSize(303);
    }
}
