package org.nhsloginkeycloak.mappers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.ProofingLevel;

class PhoneClaimsMapperTest {

    private static NhsUser withPhone(String phone, boolean verified, boolean pdsMatched) {
        return new NhsUser(ProofingLevel.P0, null, null, null, null, null, null, phone, verified, pdsMatched);
    }

    @Test
    void aMatchedMobileSaysSo() {
        assertThat(PhoneClaimsMapper.claims(withPhone("+447700900123", true, true))).isEqualTo(Map.of(
                "phone_number", "+447700900123", "phone_number_verified", true, "phone_number_pds_matched", true));
    }

    @Test
    void pdsMatchedIsFalseRatherThanAbsentWhenNeverMatched() {
        assertThat(PhoneClaimsMapper.claims(withPhone("+447700900123", true, false)))
                .containsEntry("phone_number_pds_matched", false);
    }

    @Test
    void anUnverifiedNumberIsNeverReportedAsMatched() {
        assertThat(PhoneClaimsMapper.claims(withPhone("+447700900123", false, true)))
                .containsEntry("phone_number_verified", false).containsEntry("phone_number_pds_matched", false);
    }

    @Test
    void withoutAMobileOnlyTheMatchFlagIsSent() {
        assertThat(PhoneClaimsMapper.claims(withPhone(null, false, false)))
                .isEqualTo(Map.of("phone_number_pds_matched", false));
    }
}
