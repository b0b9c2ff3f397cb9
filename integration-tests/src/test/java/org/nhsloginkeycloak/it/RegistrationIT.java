package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Mailbox;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.it.support.SmsInbox;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.Sandpit;

/** Registration at P0: email, password, a UK mobile verified by code, the email confirmed; and mobile capture at sign-in. */
@ExtendWith(SandpitExtension.class)
class RegistrationIT {

    private static final String PASSWORD = "a-long-test-password";

    private Sandpit sandpit;
    private String email;
    private String typedMobile;
    private String mobile;

    @BeforeEach
    void aNewPerson(Sandpit sandpit) {
        this.sandpit = sandpit;
        email = "new-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        mobile = TestMobiles.next();
        typedMobile = TestMobiles.typed(mobile);
    }

    @AfterEach
    void removeThem() {
        AdminApi admin = new AdminApi(sandpit);
        if (admin.exists(email)) {
            admin.deleteUser(email);
        }
    }

    @Test
    void aPersonRegistersAtP0WithEmailPasswordAndAVerifiedMobile() {
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid");
        Citizen person = new Citizen(sandpit);

        Citizen.Landing mobilePage = register(person, request.uri());
        Citizen.Landing codePage = person.submit(mobilePage, "#nhs-mobile-form", Map.of("mobile", typedMobile));
        assertThat(codePage.page().selectFirst(Citizen.SMS_CODE_FORM)).isNotNull();
        Citizen.Landing afterCode = person.enterSmsCode(codePage, new SmsInbox(sandpit).latestCode(mobile));
        // Keycloak then asks for the email to be confirmed, with a link sent to the SMTP sink, and only then for the
        // password (Keycloak 26 sets no password before the email is proved).
        assertThat(afterCode.page().text()).containsIgnoringCase("verify");
        Citizen.Landing passwordPage = person.open(new Mailbox(sandpit).latestActionLinkTo(email));
        URI back = person.submit(passwordPage, "#kc-passwd-update-form",
                Map.of("password-new", PASSWORD, "password-confirm", PASSWORD)).redirect();

        HttpResponse<String> tokens = partner.redeem(partner.code(request, back), request.codeVerifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(Json.jwtPayload(Json.parse(tokens.body()).path("id_token").asText()).path("vot").asText())
                .isEqualTo("P0.Cp.Cd");
        AdminApi admin = new AdminApi(sandpit);
        assertThat(admin.attribute(email, "identity_proofing_level")).isEqualTo("P0");
        assertThat(admin.attribute(email, "phone_number")).isEqualTo(mobile);
        assertThat(admin.attribute(email, "phone_number_verified")).isEqualTo("true");
        assertThat(admin.user(email).path("emailVerified").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 202 555 0123", "020 7946 0000", "0770090", "not a number"})
    void aNumberThatIsNotAUkMobileGetsAFieldErrorAndIsKeptToCorrect(String typed) {
        Citizen person = new Citizen(sandpit);
        Citizen.Landing mobilePage = register(person, Partner.healthInformation(sandpit).authorize("openid").uri());

        Citizen.Landing again = person.submit(mobilePage, "#nhs-mobile-form", Map.of("mobile", typed));

        assertThat(again.page().selectFirst("#input-error-mobile").text())
                .isEqualTo("Enter a UK mobile phone number, like 07700 900 982");
        assertThat(again.page().selectFirst("input#mobile").val()).isEqualTo(typed);
        assertThat(again.page().selectFirst("input#mobile").attr("aria-invalid")).isEqualTo("true");
        assertThat(new SmsInbox(sandpit).sentTo(mobile)).isEmpty();
        assertThat(new AdminApi(sandpit).attribute(email, "phone_number")).isNull();
    }

    @Test
    void aCitizenWithoutAVerifiedMobileRegistersOneWhenTheySignIn() {
        AdminApi admin = new AdminApi(sandpit);
        admin.createUser(email, PASSWORD);
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid");
        Citizen person = new Citizen(sandpit);

        Citizen.Landing mobilePage = person.signInWithPassword(request.uri(), email, PASSWORD);
        Citizen.Landing codePage = person.submit(mobilePage, "#nhs-mobile-form", Map.of("mobile", typedMobile));
        URI back = person.enterSmsCode(codePage, new SmsInbox(sandpit).latestCode(mobile)).redirect();

        assertThat(partner.redeem(partner.code(request, back), request.codeVerifier()).statusCode()).isEqualTo(200);
        assertThat(new SmsInbox(sandpit).sentTo(mobile)).as("one code: capture proved the device").hasSize(1);
        assertThat(admin.attribute(email, "phone_number")).isEqualTo(mobile);
    }

    /** From the partner's authorize URL to the mobile page: the login page's register link, then the form. */
    private Citizen.Landing register(Citizen person, URI authorize) {
        Citizen.Landing login = person.open(authorize);
        String link = login.page().select("a[href*=registration]").attr("abs:href");
        assertThat(link).as("a register link on the sign-in page").isNotEmpty();
        Citizen.Landing form = person.open(URI.create(link));
        Citizen.Landing mobilePage = person.submit(form, "#kc-register-form", Map.of("email", email));
        assertThat(mobilePage.page().selectFirst("#nhs-mobile-form")).as("the mobile page").isNotNull();
        return mobilePage;
    }
}
