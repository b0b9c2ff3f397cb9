package org.nhsloginkeycloak.realm.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

/** The realm file as the upgrade reads it: everything it would bring a realm to must be reachable and explicit. */
class BundledRealmTest {

    private final BundledRealm bundled = BundledRealm.load();

    @Test
    void readsTheBuiltRealmFileAndItsUserProfile() {
        assertThat(bundled.realm().getRealm()).isEqualTo("nhs");
        assertThat(bundled.userProfile().getAttribute("identity_proofing_level")).isNotNull();
    }

    /** The upgrade walks top-level flows: a subflow no top-level flow reaches would never be upgraded. */
    @Test
    void everyFlowIsATopLevelFlowOrReachedFromOne() {
        Map<String, AuthenticationFlowRepresentation> flows = bundled.realm().getAuthenticationFlows().stream()
                .collect(Collectors.toMap(AuthenticationFlowRepresentation::getAlias, Function.identity()));
        Set<String> reached = new HashSet<>();
        flows.values().stream().filter(AuthenticationFlowRepresentation::isTopLevel).forEach(flow -> {
            reached.add(flow.getAlias());
            reached.addAll(FlowTree.of(flow.getAlias(), flows).subflows());
        });
        assertThat(reached).isEqualTo(flows.keySet());
    }

    @Test
    void everyConfigAStepNamesIsInTheFile() {
        Set<String> configs = bundled.realm().getAuthenticatorConfig().stream()
                .map(AuthenticatorConfigRepresentation::getAlias).collect(Collectors.toSet());
        bundled.realm().getAuthenticationFlows().forEach(flow -> flow.getAuthenticationExecutions().stream()
                .filter(execution -> execution.getAuthenticatorConfig() != null)
                .forEach(execution -> assertThat(configs).as(flow.getAlias()).contains(execution.getAuthenticatorConfig())));
    }

    /**
     * Keycloak's import fills in {@code userinfo.token.claim=true} for a mapper that puts a claim in the ID token and
     * does not say: an upgraded realm (which gets the file's config as it is) would then differ from a fresh import.
     */
    @Test
    void everyMapperThatReachesTheIdTokenSaysWhetherItReachesUserinfo() {
        for (ClientScopeRepresentation scope : bundled.realm().getClientScopes()) {
            for (ProtocolMapperRepresentation mapper : scope.getProtocolMappers() == null
                    ? java.util.List.<ProtocolMapperRepresentation>of() : scope.getProtocolMappers()) {
                if ("true".equals(mapper.getConfig().get("id.token.claim"))) {
                    assertThat(mapper.getConfig()).as(scope.getName() + " / " + mapper.getName())
                            .containsKey("userinfo.token.claim");
                }
            }
        }
    }
}
