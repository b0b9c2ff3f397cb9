package org.nhsloginkeycloak.sandpit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SandpitMainTest {

    private final SandpitOptions defaults = SandpitOptions.standard(Path.of("target"));

    @Test
    void theStandardPortsAreTheOnesTheReadmeNames() {
        assertThat(defaults.httpPort()).isEqualTo(8080);
        assertThat(defaults.managementPort()).isEqualTo(9000);
        assertThat(defaults.keepData()).isFalse();
        assertThat(defaults.pdsSignedJwt()).as("PDS tokens by signed JWT, as the token exchange needs").isTrue();
    }

    @Test
    void optionsChangeWhatTheySay() {
        SandpitOptions options = SandpitMain.parse(
                new String[] {"--http-port", "8180", "--management-port", "9100", "--keep-data", "--pds-api-key-only"},
                defaults);

        assertThat(options.httpPort()).isEqualTo(8180);
        assertThat(options.managementPort()).isEqualTo(9100);
        assertThat(options.keepData()).isTrue();
        assertThat(options.pdsSignedJwt()).isFalse();
        assertThat(SandpitMain.parse(new String[] {"--help"}, defaults)).isNull();
    }

    @Test
    void badOptionsAreRefusedInOneSentence() {
        assertThatThrownBy(() -> SandpitMain.parse(new String[] {"--http-port"}, defaults))
                .hasMessage("--http-port needs a port number.");
        assertThatThrownBy(() -> SandpitMain.parse(new String[] {"--http-port", "80000"}, defaults))
                .hasMessage("--http-port needs a port number from 1 to 65535, not 80000.");
        assertThatThrownBy(() -> SandpitMain.parse(new String[] {"--http-port", "eighty"}, defaults))
                .hasMessage("--http-port needs a port number from 1 to 65535, not eighty.");
        assertThatThrownBy(() -> SandpitMain.parse(new String[] {"--verbose"}, defaults))
                .hasMessage("Unknown option --verbose.");
    }

    @Test
    void losingOneNodeOfTwoSaysWhichCarriesOn() {
        assertThat(SandpitMain.nodeLost("node1", Path.of("run/node1/keycloak.log"), java.util.List.of("node2")))
                .isEqualTo("\n--- node1 stopped (its output is in run/node1/keycloak.log); node2 carries on behind the"
                        + " load balancer, at the same address. Start the sandpit again to have all nodes back.");
    }
}
