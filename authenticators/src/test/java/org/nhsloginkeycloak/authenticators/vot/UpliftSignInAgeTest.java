package org.nhsloginkeycloak.authenticators.vot;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.RequiredActionProviderModel;

class UpliftSignInAgeTest {

    @Test
    void aSignInIsTooOldOnceItsAgePassesTheLimitAsKeycloakCountsIt() {
        assertThat(UpliftSignInAge.tooOld(1_000, 300, 1_300)).isFalse();
        assertThat(UpliftSignInAge.tooOld(1_000, 300, 1_301)).isTrue();
        // No overflow for a very large configured age.
        assertThat(UpliftSignInAge.tooOld(Integer.MAX_VALUE - 10, Integer.MAX_VALUE, Integer.MAX_VALUE)).isFalse();
    }

    @Test
    void theLimitIsTheUpliftRequiredActionsMaxAuthAgeElseKeycloaksDefault() {
        assertThat(UpliftSignInAge.maxSeconds(realm(Map.of("max_auth_age", "120")))).isEqualTo(120);
        assertThat(UpliftSignInAge.maxSeconds(realm(Map.of()))).isEqualTo(300);
        assertThat(UpliftSignInAge.maxSeconds(realm(null))).isEqualTo(300);
        assertThat(UpliftSignInAge.maxSeconds(realm(Map.of("max_auth_age", "soon")))).isEqualTo(300);
    }

    /** A realm with the uplift's required action, configured with {@code config} (none when null). */
    private static RealmModel realm(Map<String, String> config) {
        RequiredActionProviderModel action = new RequiredActionProviderModel();
        action.setAlias("nhs-p5-uplift");
        action.setProviderId("nhs-p5-uplift");
        RequiredActionConfigModel configModel = null;
        if (config != null) {
            configModel = new RequiredActionConfigModel();
            configModel.setAlias("nhs-p5-uplift");
            configModel.setProviderId("nhs-p5-uplift");
            configModel.setConfig(new java.util.HashMap<>(config));
        }
        RequiredActionConfigModel found = configModel;
        return (RealmModel) Proxy.newProxyInstance(UpliftSignInAgeTest.class.getClassLoader(),
                new Class<?>[] {RealmModel.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequiredActionProvidersStream" -> Stream.of(action);
                    case "getRequiredActionConfigByAlias" -> "nhs-p5-uplift".equals(args[0]) ? found : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
