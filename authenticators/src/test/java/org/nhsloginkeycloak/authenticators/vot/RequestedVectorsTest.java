package org.nhsloginkeycloak.authenticators.vot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;
import org.nhsloginkeycloak.core.ClientAttributes;
import org.nhsloginkeycloak.core.InvalidVectorOfTrustException;
import org.nhsloginkeycloak.core.VectorsOfTrust;

class RequestedVectorsTest {

    private static final String P5_AND_P9 = "[\"P5.Cp.Cd\",\"P9.Cp.Cd\"]";

    @Test
    void aClientWithoutVectorsAndARequestWithoutThemAreLeftAlone() {
        assertThat(RequestedVectors.resolve(null, null, client(Map.of()))).isEmpty();
    }

    @Test
    void withoutVtrAPartnerGetsItsDefaultOrNhsLogins() {
        assertThat(RequestedVectors.resolve(null, null, client(Map.of(ClientAttributes.REGISTERED_VTR,
                "[\"P9.Cp.Cd\",\"P9.Cp.Ck\",\"P9.Cm\"]")))).contains(VectorsOfTrust.NHS_LOGIN_DEFAULT);
        assertThat(RequestedVectors.resolve(null, null, client(Map.of(ClientAttributes.REGISTERED_VTR, P5_AND_P9,
                ClientAttributes.DEFAULT_VTR, "[\"P5.Cp.Cd\"]")))).contains(VectorsOfTrust.of("P5.Cp.Cd"));
    }

    @Test
    void aRequestMayAskOnlyForRegisteredVectors() {
        ClientModel partner = client(Map.of(ClientAttributes.REGISTERED_VTR, P5_AND_P9));

        assertThat(RequestedVectors.resolve("[\"P9.Cp.Cd\"]", null, partner)).contains(VectorsOfTrust.of("P9.Cp.Cd"));
        assertThatThrownBy(() -> RequestedVectors.resolve("[\"P9.Cm\"]", null, partner))
                .isInstanceOf(InvalidVectorOfTrustException.class)
                .hasMessage("Vector of trust P9.Cm is not registered for this client");
    }

    @Test
    void acrValuesAreTheSameVectorsSpaceSeparated() {
        ClientModel partner = client(Map.of(ClientAttributes.REGISTERED_VTR, P5_AND_P9));

        assertThat(RequestedVectors.resolve(null, "  P5.Cp.Cd   P9.Cp.Cd ", partner))
                .contains(VectorsOfTrust.of("P5.Cp.Cd", "P9.Cp.Cd"));
        assertThatThrownBy(() -> RequestedVectors.resolve(null, "   ", partner)).hasMessage("acr_values must not be empty");
        assertThatThrownBy(() -> RequestedVectors.resolve(null, "gold", partner)).hasMessageStartingWith("acr_values: ");
    }

    @Test
    void vtrAndAcrValuesTogetherAreRefused() {
        assertThatThrownBy(() -> RequestedVectors.resolve("[\"P9.Cp.Cd\"]", "P9.Cp.Cd", client(Map.of())))
                .hasMessage("Send vtr or acr_values, not both");
    }

    @Test
    void aBrokenClientSettingIsTheAdministratorsErrorNotThePartners() {
        ClientModel broken = client(Map.of(ClientAttributes.REGISTERED_VTR, "P9.Cp.Cd"));

        assertThatThrownBy(() -> RequestedVectors.resolve("[\"P9.Cp.Cd\"]", null, broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Client partner has an invalid vectors-of-trust attribute");
    }

    /** A client model holding only what the resolution reads: its id and attributes. */
    private static ClientModel client(Map<String, String> attributes) {
        Map<String, String> copy = new HashMap<>(attributes);
        return (ClientModel) Proxy.newProxyInstance(RequestedVectorsTest.class.getClassLoader(),
                new Class<?>[] {ClientModel.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> copy.get((String) args[0]);
                    case "getClientId" -> "partner";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
