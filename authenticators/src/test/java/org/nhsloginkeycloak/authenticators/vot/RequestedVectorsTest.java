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
    void keycloaksOwnClientsAskingForNoVectorsAreLeftAlone() {
        for (String own : new String[] {"account", "account-console", "security-admin-console", "admin-cli", "broker",
                "realm-management"}) {
            assertThat(RequestedVectors.resolve(null, null, client(own, Map.of()))).as(own).isEmpty();
        }
        assertThat(RequestedVectors.resolve(null, null, client("nhs-realm", Map.of("realm_client", "true")))).isEmpty();
    }

    @Test
    void anyOtherClientWithoutVectorsIsAPartnerHeldToNhsLoginsDefault() {
        ClientModel unconfigured = client("new-partner", Map.of());

        assertThat(RequestedVectors.resolve(null, null, unconfigured)).contains(VectorsOfTrust.NHS_LOGIN_DEFAULT);
        assertThat(RequestedVectors.resolve(null, "P9.Cm", unconfigured)).contains(VectorsOfTrust.of("P9.Cm"));
        // Registered for NHS login's default and nothing else: it cannot ask its way below P9.
        assertThatThrownBy(() -> RequestedVectors.resolve("[\"P0.Cp.Cd\"]", null, unconfigured))
                .isInstanceOf(InvalidVectorOfTrustException.class)
                .hasMessage("Vector of trust P0.Cp.Cd is not registered for this client");
        assertThatThrownBy(() -> RequestedVectors.resolve(null, null,
                client("new-partner", Map.of(ClientAttributes.DEFAULT_VTR, "[\"P5.Cp.Cd\"]"))))
                .hasMessage("Vector of trust P5.Cp.Cd is not registered for this client");
        // A client that merely borrows a built-in name's prefix is still a partner.
        assertThat(RequestedVectors.resolve(null, null, client("account-partner", Map.of())))
                .contains(VectorsOfTrust.NHS_LOGIN_DEFAULT);
    }

    @Test
    void aVtrKeycloakDroppedIsStillTheRequestsNotTheDefault() {
        assertThat(RequestedVectors.vtrOf(Map.of("vtr", "[\"P9.Cp.Cd\"]"), "[\"P9.Cp.Cd\"]")).isEqualTo("[\"P9.Cp.Cd\"]");
        // Keycloak kept five other parameters and dropped vtr: the query's vtr stands.
        assertThat(RequestedVectors.vtrOf(Map.of("a", "1", "b", "2", "c", "3", "d", "4", "e", "5"), "[\"P9.Cp.Cd\"]"))
                .isEqualTo("[\"P9.Cp.Cd\"]");
        // A request object's vtr is what Keycloak parsed; the query's own copy does not override it.
        assertThat(RequestedVectors.vtrOf(Map.of("vtr", "[\"P9.Cp.Cd\"]"), "[\"P0.Cp.Cd\"]")).isEqualTo("[\"P9.Cp.Cd\"]");
        assertThat(RequestedVectors.vtrOf(Map.of(), null)).isNull();
        // Dropped for its length: our own parser refuses it rather than the default standing in.
        String tooLong = "[" + "\"P9.Cp.Cd\",".repeat(200) + "\"P9.Cm\"]";
        ClientModel partner = client(Map.of(ClientAttributes.REGISTERED_VTR, P5_AND_P9, ClientAttributes.DEFAULT_VTR,
                "[\"P5.Cp.Cd\"]"));
        assertThatThrownBy(() -> RequestedVectors.resolve(RequestedVectors.vtrOf(Map.of(), tooLong), null, partner))
                .isInstanceOf(InvalidVectorOfTrustException.class).hasMessageContaining("longer than");
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

    private static ClientModel client(Map<String, String> attributes) {
        return client("partner", attributes);
    }

    /** A client model holding only what the resolution reads: its id and attributes. */
    private static ClientModel client(String clientId, Map<String, String> attributes) {
        Map<String, String> copy = new HashMap<>(attributes);
        return (ClientModel) Proxy.newProxyInstance(RequestedVectorsTest.class.getClassLoader(),
                new Class<?>[] {ClientModel.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> copy.get((String) args[0]);
                    case "getClientId" -> clientId;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
