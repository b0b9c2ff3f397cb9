package org.nhsloginkeycloak.realm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.util.JsonSerialization;
import org.nhsloginkeycloak.core.ClientAttributes;
import org.nhsloginkeycloak.core.UserAttributes;
import org.nhsloginkeycloak.core.VectorOfTrust;
import org.nhsloginkeycloak.core.VectorsOfTrust;

/** Reads the realm file the build wrote, with Keycloak's own representation classes, as an import would. */
class NhsRealmFileTest {

    private static RealmRepresentation realm;
    private static String rawRealm;
    private static UPConfig userProfile;

    @BeforeAll
    static void readTheBuiltRealmFile() throws IOException {
        try (InputStream in = NhsRealmFileTest.class.getResourceAsStream("/realm/nhs-realm.json")) {
            assertThat(in).as("the build writes realm/nhs-realm.json").isNotNull();
            rawRealm = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        realm = JsonSerialization.readValue(rawRealm, RealmRepresentation.class);
        List<ComponentExportRepresentation> profiles =
                realm.getComponents().get(RealmFileAssembler.USER_PROFILE_PROVIDER);
        userProfile = JsonSerialization.readValue(
                profiles.get(0).getConfig().getFirst(RealmFileAssembler.USER_PROFILE_CONFIG), UPConfig.class);
    }

    @Test
    void declaresEveryNhsLoginAttribute() {
        assertThat(userProfile.getAttributes()).extracting(UPAttribute::getName)
                .containsAll(UserAttributes.ALL)
                .contains("username", "email", "firstName", "lastName");
    }

    @Test
    void onlyAdminsMayEditAssuranceAttributes() {
        for (String name : UserAttributes.ASSURANCE) {
            assertThat(userProfile.getAttribute(name).getPermissions().getEdit()).as(name).containsExactly("admin");
        }
    }

    @Test
    void citizensCannotEditAnyNhsLoginAttributeOrTheirPdsNames() {
        // Names, date of birth and contact flags come from PDS or a verified journey, never from a free-text form.
        Stream.concat(UserAttributes.ALL.stream(), Stream.of("firstName", "lastName")).forEach(name ->
                assertThat(userProfile.getAttribute(name).getPermissions().getEdit()).as(name).doesNotContain("user"));
    }

    @Test
    void theNhsNumberIsHiddenFromTheCitizenAndCheckedByModulus11() {
        UPAttribute nhsNumber = userProfile.getAttribute(UserAttributes.NHS_NUMBER);
        // A P5 NHS number is a claimed identity and must not be shown to the citizen (NHS login, scopes and claims).
        assertThat(nhsNumber.getPermissions().getView()).containsExactly("admin");
        assertThat(nhsNumber.getValidations()).containsKeys("pattern", "nhs-number");
    }

    @Test
    void everyNewUserStartsAtP0() {
        UPAttribute level = userProfile.getAttribute(UserAttributes.IDENTITY_PROOFING_LEVEL);
        assertThat(level.getDefaultValue()).isEqualTo("P0");
        assertThat(level.getValidations().get("options")).containsEntry("options", List.of("P0", "P5", "P9"));
    }

    @Test
    void validatesDatesAndPhoneNumbers() {
        assertThat(userProfile.getAttribute(UserAttributes.BIRTHDATE).getValidations()).containsKey("iso-date");
        Map<String, Object> phone = userProfile.getAttribute(UserAttributes.PHONE_NUMBER).getValidations().get("pattern");
        String e164 = (String) phone.get("pattern");
        assertThat("+447700900123").matches(e164);
        assertThat("07700900123").doesNotMatch(e164);
        assertThat("+44 7700 900123").doesNotMatch(e164);
    }

    @Test
    void tokensAreSignedWithRs512AndLiveAsLongAsNhsLoginSays() {
        assertThat(realm.getDefaultSignatureAlgorithm()).isEqualTo("RS512");
        assertThat(realm.getAccessTokenLifespan()).isEqualTo(300);
        assertThat(realm.getAccessCodeLifespan()).isEqualTo(600);
        assertThat(realm.getComponents().get("org.keycloak.keys.KeyProvider"))
                .anySatisfy(key -> assertThat(key.getConfig().getFirst("algorithm")).isEqualTo("RS512"));
    }

    /** Keycloak's own clients, declared because the realm defines its scopes (Keycloak then creates none for them). */
    private static final java.util.Set<String> KEYCLOAK_CONSOLES =
            java.util.Set.of("account", "account-console", "security-admin-console", "admin-cli");

    private static Stream<ClientRepresentation> partners() {
        return realm.getClients().stream().filter(client -> !KEYCLOAK_CONSOLES.contains(client.getClientId())
                && !client.getClientId().startsWith("nhs-"));
    }

    @Test
    void theBundlesOwnClientIsAnAudienceNothingSignsInWith() {
        assertThat(realm.getClients().stream().filter(client -> client.getClientId().startsWith("nhs-")))
                .singleElement().satisfies(client -> {
                    assertThat(client.getClientId()).isEqualTo("nhs-pds-access");
                    assertThat(client.isBearerOnly()).isTrue();
                    assertThat(client.isStandardFlowEnabled()).isFalse();
                    assertThat(client.isImplicitFlowEnabled()).isFalse();
                    assertThat(client.isDirectAccessGrantsEnabled()).isFalse();
                    assertThat(client.isServiceAccountsEnabled()).isFalse();
                    assertThat(client.getRedirectUris()).isEmpty();
                    assertThat(client.getDefaultClientScopes()).as("no claims of its own").isEmpty();
                });
        // Keycloak's database holds at most 255 characters of a client's description.
        assertThat(realm.getClients()).allSatisfy(client -> assertThat(client.getDescription() == null ? ""
                : client.getDescription()).as(client.getClientId()).hasSizeLessThanOrEqualTo(255));
    }

    @Test
    void partnersAuthenticateWithPrivateKeyJwtOnly() {
        assertThat(partners().toList()).isNotEmpty().allSatisfy(client -> {
            assertThat(client.isPublicClient()).as(client.getClientId()).isFalse();
            assertThat(client.getClientAuthenticatorType()).as(client.getClientId()).isEqualTo("client-jwt");
            assertThat(client.isImplicitFlowEnabled()).isFalse();
            assertThat(client.isDirectAccessGrantsEnabled()).isFalse();
            assertThat(client.getRedirectUris()).allMatch(uri -> uri.startsWith("https://") && !uri.contains("*"));
        });
    }

    @Test
    void signInIsPasswordThenSmsCodeThenTheUpliftWhenNeededThenTheVectorsOfTrustGate() {
        assertThat(realm.getBrowserFlow()).isEqualTo("nhs browser");
        assertThat(flow("nhs browser").getAuthenticationExecutions())
                .extracting(e -> e.getFlowAlias() != null ? e.getFlowAlias() : e.getAuthenticator())
                .containsExactly("nhs authenticate", "nhs uplift", "nhs-vectors-of-trust-gate");
        assertThat(flow("nhs uplift").getAuthenticationExecutions())
                .extracting(e -> e.getAuthenticator() + " " + e.getRequirement())
                .containsExactly("nhs-condition-uplift-needed REQUIRED", "nhs-p5-uplift REQUIRED");
        assertThat(flow("nhs authenticate").getAuthenticationExecutions())
                .extracting(e -> e.getFlowAlias() != null ? e.getFlowAlias() : e.getAuthenticator())
                .containsExactly("auth-cookie", "nhs browser forms");
        assertThat(flow("nhs browser forms").getAuthenticationExecutions())
                .extracting(e -> e.getAuthenticator() + " " + e.getRequirement())
                .containsExactly("auth-username-password-form REQUIRED", "nhs-email-code REQUIRED",
                        "nhs-mobile-capture REQUIRED", "nhs-sms-code REQUIRED");
    }

    /** ADR 0008: a mobile is bound only after the email was proved in the same flow (the step refuses otherwise). */
    @Test
    void everyFlowThatBindsAMobileProvesTheEmailJustBeforeIt() {
        List<String> binding = realm.getAuthenticationFlows().stream()
                .filter(flow -> flow.getAuthenticationExecutions().stream()
                        .anyMatch(e -> "nhs-mobile-capture".equals(e.getAuthenticator())))
                .map(flow -> flow.getAlias()).toList();
        assertThat(binding).containsExactlyInAnyOrder("nhs browser forms", "nhs registration", "nhs reset credentials");
        assertThat(binding).allSatisfy(alias -> {
            List<String> steps = flow(alias).getAuthenticationExecutions().stream()
                    .sorted(java.util.Comparator.comparingInt(e -> e.getPriority()))
                    .map(e -> String.valueOf(e.getAuthenticator())).toList();
            assertThat(steps.indexOf("nhs-email-code")).as(alias).isEqualTo(steps.indexOf("nhs-mobile-capture") - 1);
        });
    }

    @Test
    void noOtherDoorSkipsTheSmsCode() {
        assertThat(realm.getResetCredentialsFlow()).isEqualTo("nhs reset credentials");
        assertThat(flow("nhs reset credentials").getAuthenticationExecutions())
                .extracting(e -> e.getAuthenticator())
                .endsWith("nhs-email-code", "nhs-mobile-capture", "nhs-sms-code", "nhs-vectors-of-trust-gate");
        assertThat(realm.getDirectGrantFlow()).isEqualTo("nhs direct grant refused");
        assertThat(flow("nhs direct grant refused").getAuthenticationExecutions())
                .extracting(e -> e.getAuthenticator()).containsExactly("deny-access-authenticator");
    }

    @Test
    void registrationIsEmailAndPasswordThenAVerifiedMobileThenTheGate() {
        assertThat(realm.isRegistrationAllowed()).isTrue();
        assertThat(realm.isRegistrationEmailAsUsername()).isTrue();
        assertThat(realm.getRegistrationFlow()).isEqualTo("nhs registration");
        assertThat(flow("nhs registration").getAuthenticationExecutions())
                .extracting(e -> e.getAuthenticator() + " " + e.getRequirement())
                .containsExactly("registration-page-form REQUIRED", "nhs-email-code REQUIRED",
                        "nhs-mobile-capture REQUIRED", "nhs-vectors-of-trust-gate REQUIRED");
    }

    @Test
    void everyPartnersVectorsAreValidAndItsDefaultIsAmongThem() {
        assertThat(partners().toList()).allSatisfy(client -> {
            String registered = client.getAttributes().get(ClientAttributes.REGISTERED_VTR);
            assertThat(registered).as(client.getClientId()).isNotNull();
            List<VectorOfTrust> allowed = VectorsOfTrust.parseJson(registered).vectors();
            String defaultVtr = client.getAttributes().getOrDefault(ClientAttributes.DEFAULT_VTR,
                    VectorsOfTrust.NHS_LOGIN_DEFAULT.toJson());
            assertThat(allowed).as(client.getClientId()).containsAll(VectorsOfTrust.parseJson(defaultVtr).vectors());
        });
    }

    @Test
    void everyPartnerAndEveryNewClientGetsOnlySubAuthTimeVotAndVtmByDefault() {
        assertThat(realm.getDefaultDefaultClientScopes()).containsExactlyInAnyOrder("basic", "nhs_assurance");
        assertThat(realm.getDefaultOptionalClientScopes()).isEmpty();
        assertThat(partners().toList()).allSatisfy(client -> {
            assertThat(client.getDefaultClientScopes()).as(client.getClientId())
                    .containsExactlyInAnyOrder("basic", "nhs_assurance");
            assertThat(client.getOptionalClientScopes()).as(client.getClientId())
                    .doesNotContain("roles", "web-origins", "offline_access");
            assertThat(client.getProtocolMappers()).as(client.getClientId()).isNullOrEmpty();
        });
        assertThat(mapperTypes("nhs_assurance")).contains("nhs-vot-mapper", "nhs-partner-audience-mapper");
    }

    @Test
    void keycloaksConsolesKeepTheRolesTheyRunOn() {
        assertThat(realm.getClients().stream().filter(client -> KEYCLOAK_CONSOLES.contains(client.getClientId())))
                .hasSize(KEYCLOAK_CONSOLES.size())
                .allSatisfy(client -> assertThat(client.getDefaultClientScopes()).contains("basic", "roles"));
    }

    @Test
    void theReducedProfilesAreProfileWithoutTheNhsNumber() {
        for (String reduced : List.of("profile_reduced", "basic_demographics")) {
            assertThat(releasedClaims(reduced)).as(reduced)
                    .containsExactlyInAnyOrder("family_name", "birthdate", "identity_proofing_level");
        }
        assertThat(releasedClaims("profile"))
                .containsExactlyInAnyOrder("nhs_number", "family_name", "birthdate", "identity_proofing_level");
        assertThat(releasedClaims("profile_middle_names")).containsExactlyInAnyOrder("given_name", "middle_name");
        assertThat(rawRealm.replace(" ", "")).contains(
                "\"pairs\":[\"profilebasic_demographics\",\"profileprofile_reduced\"]");
    }

    @Test
    void everyProfileScopeReleasesOnlyFromP5() {
        assertThat(realm.getClientScopes()).flatExtracting(scope -> scope.getProtocolMappers() == null
                        ? List.of() : scope.getProtocolMappers())
                .filteredOn(mapper -> ((org.keycloak.representations.idm.ProtocolMapperRepresentation) mapper)
                        .getProtocolMapper().equals("nhs-proofed-claims-mapper"))
                .isNotEmpty()
                .allSatisfy(mapper -> assertThat(((org.keycloak.representations.idm.ProtocolMapperRepresentation) mapper)
                        .getConfig()).containsEntry("minimum.level", "P5"));
    }

    private static java.util.Set<String> releasedClaims(String scopeName) {
        java.util.Set<String> claims = new java.util.TreeSet<>();
        scope(scopeName).getProtocolMappers().forEach(mapper ->
                claims.addAll(List.of(mapper.getConfig().get("claims").split("##"))));
        return claims;
    }

    private static List<String> mapperTypes(String scopeName) {
        return scope(scopeName).getProtocolMappers().stream()
                .map(org.keycloak.representations.idm.ProtocolMapperRepresentation::getProtocolMapper).toList();
    }

    private static org.keycloak.representations.idm.ClientScopeRepresentation scope(String name) {
        return realm.getClientScopes().stream().filter(scope -> scope.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theVectorsOfTrustExecutorCoversEveryClient() {
        assertThat(rawRealm.replace(" ", "")).contains("\"executor\":\"nhs-vectors-of-trust\"",
                "\"condition\":\"any-client\"", "\"profiles\":[\"nhs-login\"]");
    }

    private static org.keycloak.representations.idm.AuthenticationFlowRepresentation flow(String alias) {
        return realm.getAuthenticationFlows().stream().filter(flow -> flow.getAlias().equals(alias)).findFirst()
                .orElseThrow();
    }

    @Test
    void theDeployableFileHoldsNoUsersPasswordsSecretsOrKeys() {
        assertThat(realm.getUsers()).isNullOrEmpty();
        assertThat(realm.getClients()).extracting(ClientRepresentation::getSecret).containsOnlyNulls();
        assertThat(realm.getClients()).allSatisfy(client ->
                assertThat(client.getAttributes()).doesNotContainKey("jwt.credential.certificate"));
        assertThat(rawRealm).doesNotContain("privateKey", "\"certificate\"", "\"password\"", "BEGIN ");
        assertThat(realm.getSmtpServer()).isNullOrEmpty();
    }

    @Test
    void everyMessageKeyTheProfileUsesExistsInEnglishAndWelsh() {
        Map<String, Map<String, String>> texts = realm.getLocalizationTexts();
        assertThat(texts.keySet()).containsExactlyInAnyOrder("en", "cy");
        assertThat(texts.get("cy").keySet()).isEqualTo(texts.get("en").keySet());
        // Keycloak formats realm texts with MessageFormat, where a single apostrophe quotes, and so hides, what follows.
        texts.values().forEach(language -> language.forEach((key, text) ->
                assertThat(text.replace("''", "")).as("%s: write an apostrophe twice", key).doesNotContain("'")));
        java.util.regex.Matcher keys = java.util.regex.Pattern.compile("\\$\\{(nhs-[a-z-]+)}|\"(nhs-error-[a-z-]+)\"")
                .matcher(realm.getComponents().get(RealmFileAssembler.USER_PROFILE_PROVIDER).get(0).getConfig()
                        .getFirst(RealmFileAssembler.USER_PROFILE_CONFIG));
        int found = 0;
        while (keys.find()) {
            String key = keys.group(1) != null ? keys.group(1) : keys.group(2);
            assertThat(texts.get("en")).as(key).containsKey(key);
            found++;
        }
        assertThat(found).isGreaterThan(10);
        assertThat(texts.get("en")).containsKey(org.nhsloginkeycloak.core.userprofile.NhsNumberValidator.MESSAGE_INVALID);
    }

    /**
     * A realm file that lists required actions gets only those (Keycloak adds its defaults only to a file without the
     * list), so the list must hold every action the journeys use as well as the uplift a partner starts with kc_action.
     */
    @Test
    void declaresTheRequiredActionsTheJourneysUseAndTheUplift() {
        assertThat(realm.getRequiredActions()).filteredOn(action -> action.isEnabled())
                .extracting(action -> action.getProviderId())
                .contains("VERIFY_EMAIL", "UPDATE_PASSWORD", "UPDATE_PROFILE", "VERIFY_PROFILE", "update_user_locale",
                        "nhs-p5-uplift", "nhs-change-mobile", "nhs-your-details");
        assertThat(realm.getRequiredActions()).allSatisfy(action -> {
            assertThat(action.getAlias()).isEqualTo(action.getProviderId());
            assertThat(action.isDefaultAction()).as("no action is forced on every new citizen").isFalse();
        });
    }
}
