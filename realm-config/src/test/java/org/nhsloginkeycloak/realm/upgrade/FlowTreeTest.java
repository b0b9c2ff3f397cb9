package org.nhsloginkeycloak.realm.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;

class FlowTreeTest {

    @Test
    void twoFlowsWithTheSameStepsAreTheSameWhateverTheirIdsAndTheOrderTheyAreListedIn() {
        AuthenticationFlowRepresentation realms = flow("sign in", "abc", step(20, "nhs-sms-code", "nhs sms code"),
                step(10, "auth-username-password-form", null));
        AuthenticationFlowRepresentation files = flow("sign in", null, step(10, "auth-username-password-form", null),
                step(20, "nhs-sms-code", "nhs sms code"));

        assertThat(FlowTree.of("sign in", Map.of("sign in", realms)).sameAs(FlowTree.of("sign in", Map.of("sign in", files))))
                .isTrue();
    }

    @Test
    void aStepAddedInASubflowMakesTheTopLevelFlowDifferentAndTheDifferenceSaysWhat() {
        Map<String, AuthenticationFlowRepresentation> before = Map.of(
                "top", flow("top", null, subflow(10, "forms")),
                "forms", flow("forms", null, step(10, "auth-username-password-form", null),
                        step(15, "nhs-mobile-capture", "nhs sms code")));
        Map<String, AuthenticationFlowRepresentation> after = Map.of(
                "top", flow("top", null, subflow(10, "forms")),
                "forms", flow("forms", null, step(10, "auth-username-password-form", null),
                        step(12, "nhs-email-code", "nhs sms code"), step(15, "nhs-mobile-capture", "nhs sms code")));

        FlowTree old = FlowTree.of("top", before);
        FlowTree wanted = FlowTree.of("top", after);

        assertThat(old.sameAs(wanted)).isFalse();
        assertThat(old.subflows()).containsExactly("forms");
        assertThat(old.differenceTo(wanted)).isEqualTo("now has: REQUIRED nhs-email-code config \"nhs sms code\"");
        assertThat(wanted.differenceTo(old)).isEqualTo("no longer has: REQUIRED nhs-email-code config \"nhs sms code\"");
    }

    @Test
    void stepsInAnotherOrderAreADifferentFlow() {
        FlowTree one = FlowTree.of("f", Map.of("f", flow("f", null, step(10, "a", null), step(20, "b", null))));
        FlowTree other = FlowTree.of("f", Map.of("f", flow("f", null, step(10, "b", null), step(20, "a", null))));

        assertThat(one.sameAs(other)).isFalse();
        assertThat(one.differenceTo(other)).isEqualTo("the order of its steps changed");
    }

    @Test
    void aFlowThatNamesAMissingOrItsOwnSubflowIsRefused() {
        assertThatThrownBy(() -> FlowTree.of("top", Map.of("top", flow("top", null, subflow(10, "gone")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"gone\"");
        assertThatThrownBy(() -> FlowTree.of("loop", Map.of("loop", flow("loop", null, subflow(10, "loop")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contains itself");
    }

    private static AuthenticationFlowRepresentation flow(String alias, String id,
            AuthenticationExecutionExportRepresentation... executions) {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setId(id);
        flow.setAlias(alias);
        flow.setProviderId("basic-flow");
        flow.setDescription("a flow");
        flow.setAuthenticationExecutions(List.of(executions));
        return flow;
    }

    private static AuthenticationExecutionExportRepresentation step(int priority, String authenticator, String config) {
        AuthenticationExecutionExportRepresentation execution = new AuthenticationExecutionExportRepresentation();
        execution.setPriority(priority);
        execution.setAuthenticator(authenticator);
        execution.setAuthenticatorConfig(config);
        execution.setRequirement("REQUIRED");
        return execution;
    }

    private static AuthenticationExecutionExportRepresentation subflow(int priority, String alias) {
        AuthenticationExecutionExportRepresentation execution = new AuthenticationExecutionExportRepresentation();
        execution.setPriority(priority);
        execution.setFlowAlias(alias);
        execution.setAuthenticatorFlow(true);
        execution.setRequirement("REQUIRED");
        return execution;
    }
}
