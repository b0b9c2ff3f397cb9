package org.nhsloginkeycloak.mappers.scopes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ExclusiveScopesTest {

    private final ExclusiveScopes nhsLogin =
            ExclusiveScopes.of(List.of("profile basic_demographics", " profile   profile_reduced "));

    @Test
    void profileWithEitherReducedVariantIsRefused() {
        assertThat(nhsLogin.violatedBy(Set.of("openid", "profile", "basic_demographics")))
                .contains(new ExclusiveScopes.Pair("profile", "basic_demographics"));
        assertThat(nhsLogin.violatedBy(Set.of("openid", "profile_reduced", "profile")))
                .contains(new ExclusiveScopes.Pair("profile", "profile_reduced"));
    }

    @Test
    void eachAloneOrWithOtherScopesIsFine() {
        assertThat(nhsLogin.violatedBy(Set.of("openid", "profile", "profile_extended", "phone"))).isEmpty();
        assertThat(nhsLogin.violatedBy(Set.of("openid", "basic_demographics", "profile_reduced"))).isEmpty();
    }

    @Test
    void aRequestHoldsWhatItAsksForAndTheClientsDefaults() {
        assertThat(ExclusiveScopes.held(" openid  basic_demographics", Set.of("profile", "basic")))
                .containsExactlyInAnyOrder("openid", "basic_demographics", "profile", "basic");
        assertThat(ExclusiveScopes.held(null, Set.of("basic"))).containsExactly("basic");
    }

    @ParameterizedTest
    @ValueSource(strings = {"profile", "profile profile", "profile basic_demographics email", " "})
    void aPairThatIsNotTwoDifferentScopesIsReportedWithAnExampleAndTheGoodPairsStillHold(String entry) {
        ExclusiveScopes scopes = ExclusiveScopes.of(List.of(entry, "profile basic_demographics"));

        assertThat(scopes.problems()).singleElement().asString().contains("like \"profile basic_demographics\"");
        assertThat(scopes.pairs()).containsExactly(new ExclusiveScopes.Pair("profile", "basic_demographics"));
    }
}
