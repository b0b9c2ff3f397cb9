package org.nhsloginkeycloak.sandpit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A caller's server option replaces the sandpit's own of the same name, rather than giving Keycloak it twice. */
class SandpitServerOptionsTest {

    @Test
    void theCallersValueStandsAndEveryOtherOwnOptionIsKept() {
        List<String> own = List.of("--spi-nhs-campaign-sender--govuk-notify--per-minute=6000",
                "--spi-nhs-campaign-sender--govuk-notify--poll-seconds=1", "--features=preview");

        List<String> kept = Sandpit.withoutReplaced(own, List.of(
                "--spi-nhs-campaign-sender--govuk-notify--per-minute=1000000", "--log-level=INFO"));

        assertThat(kept).containsExactly("--spi-nhs-campaign-sender--govuk-notify--poll-seconds=1",
                "--features=preview");
    }
}
