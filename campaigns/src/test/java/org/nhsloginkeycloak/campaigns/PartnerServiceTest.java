package org.nhsloginkeycloak.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nhsloginkeycloak.core.ProofingLevel;

class PartnerServiceTest {

    private static final PartnerService VACCINATIONS = new PartnerService("Vaccination record", "Cofnod brechu",
            "See your vaccinations", null, "https://vaccinations.example", ProofingLevel.P5);
    private static final PartnerService ADVICE = new PartnerService("advice line", null, null, null,
            "https://advice.example", ProofingLevel.P0);
    private static final PartnerService GP = new PartnerService("GP services", null, "Book appointments", null,
            "https://gp.example", ProofingLevel.P9);

    @Test
    void aP5CitizenIsToldOfTheServicesUpToP5ByName() {
        assertThat(PartnerService.usableAt(Stream.of(VACCINATIONS, GP, ADVICE), ProofingLevel.P5))
                .containsExactly(ADVICE, VACCINATIONS);
    }

    @Test
    void theListIsNotifyMarkdownAndWelshFallsBackToEnglishWhereNoWelshIsGiven() {
        List<PartnerService> services = List.of(ADVICE, VACCINATIONS);
        assertThat(PartnerService.bulletList(services, "en")).isEqualTo("""
                * advice line (https://advice.example)
                * Vaccination record: See your vaccinations (https://vaccinations.example)""");
        assertThat(PartnerService.bulletList(services, "cy")).isEqualTo("""
                * advice line (https://advice.example)
                * Cofnod brechu: See your vaccinations (https://vaccinations.example)""");
        assertThat(PartnerService.bulletList(List.of(), "en")).isEmpty();
    }
}
