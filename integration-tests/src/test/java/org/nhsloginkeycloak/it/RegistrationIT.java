package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
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
        Citizen.Landing passwordPage = person.enterSmsCode(codePage, new SmsInbox(sandpit).latestCode(mobile));
        // The password comes last (Keycloak 26 sets none before the email is proved); no verification link is needed.
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

        // The NHS.UK error pattern: the message at the field, after a prefix for screen readers, and in the summary.
        assertThat(again.page().selectFirst("#input-error-mobile").text())
                .isEqualTo("Error: Enter a UK mobile phone number, like 07700 900 982");
        assertThat(again.page().selectFirst("#nhs-error-summary a[href=#mobile]").text())
                .isEqualTo("Enter a UK mobile phone number, like 07700 900 982");
        assertThat(again.page().selectFirst("input#mobile").val()).isEqualTo(typed);
        assertThat(again.page().selectFirst("input#mobile").attr("aria-invalid")).isEqualTo("true");
        assertThat(new SmsInbox(sandpit).sentTo(mobile)).isEmpty();
        assertThat(new AdminApi(sandpit).attribute(email, "phone_number")).isNull();
    }

    @Test
    void aCitizenWithoutAVerifiedMobileProvesTheirEmailThenRegistersOneWhenTheySignIn() {
        AdminApi admin = new AdminApi(sandpit);
        admin.createUser(email, PASSWORD);
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid");
        Citizen person = new Citizen(sandpit);

        Citizen.Landing mobilePage = person.signInProvingEmail(request.uri(), email, PASSWORD);
        Citizen.Landing codePage = person.submit(mobilePage, "#nhs-mobile-form", Map.of("mobile", typedMobile));
        URI back = person.enterSmsCode(codePage, new SmsInbox(sandpit).latestCode(mobile)).redirect();

        assertThat(partner.redeem(partner.code(request, back), request.codeVerifier()).statusCode()).isEqualTo(200);
        assertThat(new SmsInbox(sandpit).sentTo(mobile)).as("one code: capture proved the device").hasSize(1);
        assertThat(admin.attribute(email, "phone_number")).isEqualTo(mobile);
    }

    @Test
    void nothingIsBoundToAnAddressUntilItsEmailedCodeComesBack() {
        Citizen someoneElse = new Citizen(sandpit);
        Citizen.Landing emailCodePage = startRegistration(someoneElse,
                Partner.healthInformation(sandpit).authorize("openid").uri());
        String code = new Mailbox(sandpit).latestCodeTo(email);
        String wrong = code.equals("000000") ? "111111" : "000000";

        Citizen.Landing refused = someoneElse.enterSmsCode(emailCodePage, wrong);

        assertThat(refused.page().text()).contains("The security code is not correct");
        assertThat(refused.page().selectFirst("#nhs-mobile-form")).as("no mobile page yet").isNull();
        AdminApi admin = new AdminApi(sandpit);
        assertThat(admin.user(email).path("emailVerified").asBoolean()).isFalse();
        assertThat(admin.attribute(email, "phone_number")).isNull();
    }

    @Test
    void registrationsAimedAtOneNumberAllAtOnceNeverTextItMoreThanTheAllowance() throws Exception {
        AdminApi admin = new AdminApi(sandpit);
        ObjectNode original = admin.smsCodeConfig();
        ObjectNode three = original.deepCopy();
        three.withObjectProperty("config").put("sends-per-window", "3");
        List<String> people = new ArrayList<>();
        try {
            admin.updateAuthenticatorConfig(three);
            // Eight people (or one script) at the mobile page, each a new account, all giving the same number at once.
            List<Citizen> browsers = new ArrayList<>();
            List<Citizen.Landing> mobilePages = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                email = "burst-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
                people.add(email);
                Citizen person = new Citizen(sandpit);
                browsers.add(person);
                mobilePages.add(register(person, Partner.healthInformation(sandpit).authorize("openid").uri()));
            }

            List<Citizen.Landing> pages = SmsCodeIT.allAtOnce(8, i -> browsers.get(i).submit(mobilePages.get(i),
                    "#nhs-mobile-form", Map.of("mobile", typedMobile)));

            assertThat(new SmsInbox(sandpit).sentTo(mobile)).as("texts in the Notify stand-in's journal")
                    .hasSizeLessThanOrEqualTo(3);
            assertThat(pages).anyMatch(page -> page.page().text().contains("You have asked for too many security codes"));
        } finally {
            admin.updateAuthenticatorConfig(original);
            people.stream().filter(admin::exists).forEach(admin::deleteUser);
        }
    }

    @Test
    void refreshingTheEmailCodePageShowsItAgainWithoutSendingAnother() {
        AdminApi admin = new AdminApi(sandpit);
        ObjectNode original = admin.smsCodeConfig();
        ObjectNode three = original.deepCopy();
        three.withObjectProperty("config").put("sends-per-window", "3");
        try {
            admin.updateAuthenticatorConfig(three);
            Citizen person = new Citizen(sandpit);
            Citizen.Landing codePage = startRegistration(person, Partner.healthInformation(sandpit).authorize("openid").uri());
            String code = new Mailbox(sandpit).latestCodeTo(email);

            for (int refresh = 0; refresh < 4; refresh++) {
                Citizen.Landing again = refresh(person, codePage);
                assertThat(again.page().text()).contains("Check your email")
                        .doesNotContain("You have asked for too many security codes");
                codePage = again;
            }

            assertThat(new Mailbox(sandpit).countTo(email)).as("mails sent").isEqualTo(1);
            assertThat(person.enterSmsCode(codePage, code).page().selectFirst("#nhs-mobile-form"))
                    .as("the first code still works").isNotNull();
        } finally {
            admin.updateAuthenticatorConfig(original);
        }
    }

    /**
     * What a browser's refresh does: a GET of the address bar (the URL the form was posted to), which Keycloak answers
     * with its "page has expired" page, whose "continue where you left off" runs the current step again. (A GET of the
     * form's action would not: with its session code Keycloak takes it as a submission of the form.)
     */
    private static Citizen.Landing refresh(Citizen person, Citizen.Landing page) {
        Citizen.Landing landed = person.open(page.uri());
        if (landed.page().selectFirst("#loginContinueLink") == null) {
            return landed;
        }
        return person.open(URI.create(landed.page().selectFirst("#loginContinueLink").attr("abs:href")));
    }

    /** From the partner's authorize URL to the emailed-code page: the login page's register link, then the form. */
    private Citizen.Landing startRegistration(Citizen person, URI authorize) {
        Citizen.Landing login = person.open(authorize);
        String link = login.page().select("a[href*=registration]").attr("abs:href");
        assertThat(link).as("a register link on the sign-in page").isNotEmpty();
        Citizen.Landing form = person.open(URI.create(link));
        Citizen.Landing codePage = person.submit(form, "#kc-register-form", Map.of("email", email));
        assertThat(codePage.page().text()).contains("Check your email");
        return codePage;
    }

    /** Registration up to the mobile page: the form, then the code emailed to the address. */
    private Citizen.Landing register(Citizen person, URI authorize) {
        Citizen.Landing codePage = startRegistration(person, authorize);
        Citizen.Landing mobilePage = person.enterSmsCode(codePage, new Mailbox(sandpit).latestCodeTo(email));
        assertThat(mobilePage.page().selectFirst("#nhs-mobile-form")).as("the mobile page").isNotNull();
        return mobilePage;
    }
}
