package org.nhsloginkeycloak.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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

/**
 * The pages citizens see, in a real browser: journeys by keyboard only, and every page they reach checked by axe for
 * WCAG 2.2 A and AA in English and Welsh and in its error states, with screenshots at 375 and 1280 px.
 */
@ExtendWith(SandpitExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CitizenPagesIT {

    private Sandpit sandpit;
    private AdminApi admin;
    private Browser browser;
    private PartnerCallback callback;

    @BeforeAll
    void startTheBrowserAndThePartnersCallback(Sandpit sandpit) {
        this.sandpit = sandpit;
        admin = new AdminApi(sandpit);
        browser = new Browser();
        callback = new PartnerCallback();
        admin.redirectUri(Partner.HEALTH_INFORMATION, callback.uri().toString(), true);
        admin.redirectUri(Partner.VACCINATION_RECORD, callback.uri().toString(), true);
    }

    @AfterAll
    void closeTheBrowserAndThePartnersCallback() {
        admin.redirectUri(Partner.HEALTH_INFORMATION, callback.uri().toString(), false);
        admin.redirectUri(Partner.VACCINATION_RECORD, callback.uri().toString(), false);
        callback.close();
        browser.close();
    }

    /** The health-information example partner (P0), coming back to this test's callback. */
    private Partner partner() {
        return partner(Partner.HEALTH_INFORMATION);
    }

    private Partner partner(String clientId) {
        return new Partner(sandpit, clientId, callback.uri().toString(),
                Partner.privateKey(sandpit.clientPrivateKeyPem(clientId)));
    }

    /** A fresh P0 citizen with a verified mobile for one journey, removed afterwards whatever happens. */
    private void withCitizen(String prefix, BiConsumer<String, String> journey) {
        String mobile = TestMobiles.next();
        String citizen = admin.createCitizen(prefix, mobile);
        try {
            journey.accept(citizen, mobile);
        } finally {
            admin.deleteUser(citizen);
        }
    }

    /** A partner's authorization request, in {@code language} when given (ui_locales, as a partner would send it). */
    private Partner.AuthorizationRequest authorize(Partner partner, String language) {
        return partner.authorize("openid", language == null ? Map.of() : Map.of("ui_locales", language));
    }

    @Test
    void aCitizenSignsInWithPasswordAndTextedCodeByKeyboardAlone() {
        withCitizen("browser", (citizen, mobile) -> {
            Partner partner = partner();
            Partner.AuthorizationRequest request = authorize(partner, null);
            Page page = browser.newPage();
            page.navigate(request.uri().toString());

            SignInPage signIn = new SignInPage(page);
            assertThat(signIn.heading()).isEqualTo("Enter your email address and password");
            signIn.signIn(citizen, AdminApi.TEST_PASSWORD);

            SecurityCodePage code = new SecurityCodePage(page);
            assertThat(code.heading()).isEqualTo("Check your mobile phone");
            code.enter(new SmsInbox(sandpit).latestCode(mobile));

            URI back = URI.create(page.url());
            assertThat(page.url()).startsWith(callback.uri().toString());
            var tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
            assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P0.Cp.Cd");
        });
    }

    @Test
    void anOperatorsMessageIsOnTheNextPageInEnglishAndWelshAndGoesWhenItExpires() {
        java.time.Instant expires = java.time.Instant.now().plusSeconds(20);
        String message = Json.object().put("en", "Planned maintenance tonight from 10pm")
                .put("cy", "Gwaith cynnal a chadw heno o 10pm").put("severity", "warning")
                .put("expires", expires.toString()).toString();
        Page page = browser.newPage();
        try {
            assertThat(admin.send("PUT", "/nhs-service-status/message", message).statusCode()).isEqualTo(200);
            page.navigate(authorize(partner(), null).uri().toString());

            SignInPage signIn = new SignInPage(page);
            assertThat(page.locator("#nhs-status-operator").textContent()).isEqualTo("Planned maintenance tonight from 10pm");
            signIn.assertAccessible("status-banner-en");
            signIn.switchToWelshByKeyboard();
            assertThat(page.locator("#nhs-status-operator").textContent()).isEqualTo("Gwaith cynnal a chadw heno o 10pm");
            assertThat(page.locator("#nhs-status-title").textContent()).isEqualTo("Pwysig");
            signIn.assertAccessible("status-banner-cy");

            while (java.time.Instant.now().isBefore(expires.plusMillis(500))) {
                page.waitForTimeout(500);
            }
            page.reload();
            assertThat(page.locator("#nhs-status-banner").count()).as("expired").isZero();
        } finally {
            admin.send("DELETE", "/nhs-service-status/message", "");
            page.close();
        }
    }

    @Test
    void aCitizenSignsInWithJavaScriptTurnedOff() {
        withCitizen("browser-nojs", (citizen, mobile) -> {
            Partner partner = partner();
            Partner.AuthorizationRequest request = authorize(partner, null);
            Page page = browser.newPageWithoutJavaScript();
            page.navigate(request.uri().toString());

            SignInPage signIn = new SignInPage(page);
            signIn.submitEmpty();
            assertThat(signIn.errorSummary()).contains("Enter a correct email address and password");
            signIn.signIn(citizen, AdminApi.TEST_PASSWORD);
            new SecurityCodePage(page).enter(new SmsInbox(sandpit).latestCode(mobile));

            assertThat(Partner.query(URI.create(page.url()))).containsKey("code");
        });
    }

    @Test
    void theLanguageSwitchTurnsThePageWelshByKeyboard() {
        Page page = browser.newPage();
        page.navigate(authorize(partner(), null).uri().toString());
        SignInPage signIn = new SignInPage(page);
        assertThat(signIn.language()).isEqualTo("en");

        signIn.switchToWelshByKeyboard();

        assertThat(signIn.language()).isEqualTo("cy");
        assertThat(signIn.heading()).isEqualTo("Rhowch eich cyfeiriad e-bost a'ch cyfrinair");
        assertThat(page.locator("#nhs-language a[aria-current=true]").getAttribute("lang")).isEqualTo("cy");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "cy"})
    void signInAndItsErrorsAreAccessible(String language) {
        withCitizen("browser-a11y", (citizen, mobile) -> {
            Page page = browser.newPage();
            page.navigate(authorize(partner(), language).uri().toString());
            SignInPage signIn = new SignInPage(page);
            assertThat(signIn.language()).isEqualTo(language);
            signIn.assertAccessible("sign-in-" + language);

            signIn.submitEmpty();
            assertThat(signIn.errorSummary()).isNotBlank();
            signIn.assertAccessible("sign-in-error-" + language);

            signIn.signIn(citizen, AdminApi.TEST_PASSWORD);
            SecurityCodePage code = new SecurityCodePage(page);
            code.assertAccessible("sms-code-" + language);

            String right = new SmsInbox(sandpit).latestCode(mobile);
            code.enter(right.equals("000000") ? "111111" : "000000");
            assertThat(code.errorSummaryLink("code")).isNotBlank();
            code.assertAccessible("sms-code-error-" + language);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "cy"})
    void aNewCitizenRegistersByKeyboardAloneAndEveryPageIsAccessible(String language) {
        String email = "browser-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        String mobile = TestMobiles.next();
        Partner partner = partner();
        Partner.AuthorizationRequest request = authorize(partner, language);
        Page page = browser.newPage();
        page.navigate(request.uri().toString());
        try {
            new SignInPage(page).startRegistration();

            RegisterPage register = new RegisterPage(page);
            register.assertAccessible("register-" + language);
            register.register(email);

            SecurityCodePage emailCode = new SecurityCodePage(page);
            emailCode.assertAccessible("email-code-" + language);
            assertThat(new Mailbox(sandpit).latestSubjectTo(email)).isEqualTo(language.equals("cy")
                    ? "Eich cod diogelwch NHS login" : "Your NHS login security code");
            emailCode.enter(new Mailbox(sandpit).latestCodeTo(email));

            MobilePage mobilePage = new MobilePage(page);
            mobilePage.assertAccessible("mobile-" + language);
            mobilePage.enter("020 7946 0000");
            assertThat(mobilePage.errorSummaryLink("mobile")).isNotBlank();
            mobilePage.assertAccessible("mobile-error-" + language);
            mobilePage.enter(mobile);

            SecurityCodePage smsCode = new SecurityCodePage(page);
            smsCode.enter(new SmsInbox(sandpit).latestCode(mobile));

            PasswordPage password = new PasswordPage(page);
            password.assertAccessible("password-" + language);
            password.choose("short", "short");
            assertThat(password.errorSummaryLink("password-new")).isNotBlank();
            password.assertAccessible("password-error-" + language);
            password.choose("a-long-enough-password-1", "a-long-enough-password-1");

            assertThat(page.url()).startsWith(callback.uri().toString());
            assertThat(Partner.query(URI.create(page.url()))).containsKey("code");
        } finally {
            if (admin.exists(email)) {
                admin.deleteUser(email);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "cy"})
    void theForgottenPasswordAndErrorPagesAreAccessibleAndTheResetMailSpeaksTheCitizensLanguage(String language) {
        withCitizen("browser-reset", (citizen, mobile) -> {
            Page page = browser.newPage();
            page.navigate(authorize(partner(), language).uri().toString());
            new SignInPage(page).forgottenPassword();
            ResetPasswordPage reset = new ResetPasswordPage(page);
            reset.assertAccessible("reset-password-" + language);
            reset.submitEmpty();
            reset.assertAccessible("reset-password-error-" + language);
            reset.reset(citizen);
            assertThat(new Mailbox(sandpit).latestSubjectTo(citizen)).isEqualTo(language.equals("cy")
                    ? "Ailosod eich cyfrinair NHS login" : "Reset your NHS login password");
            new NhsPage(page).assertAccessible("reset-password-sent-" + language);
        });

        // A partner that does not exist: Keycloak's error page, in the language of the browser (no sign-in to ask).
        Page errorPage = browser.newPage(language + "-GB");
        errorPage.navigate(sandpit.realmUrl() + "/protocol/openid-connect/auth?client_id=no-such-partner"
                + "&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Fnowhere.example");
        NhsPage error = new NhsPage(errorPage);
        assertThat(error.language()).isEqualTo(language);
        error.assertAccessible("error-" + language);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "cy"})
    void aCitizenChangesTheirMobileByKeyboardAloneAndEveryPageIsAccessible(String language) {
        withCitizen("browser-change", (citizen, mobile) -> {
            String replacement = TestMobiles.next();
            Partner partner = partner();
            Map<String, String> extra = Map.of("ui_locales", language, "kc_action", "nhs-change-mobile");
            Partner.AuthorizationRequest request = partner.authorize("openid", extra);
            Page page = browser.newPage();
            page.navigate(request.uri().toString());
            new SignInPage(page).signIn(citizen, AdminApi.TEST_PASSWORD);
            new SecurityCodePage(page).enter(new SmsInbox(sandpit).latestCode(mobile));

            MobilePage change = new MobilePage(page);
            assertThat(change.heading()).isEqualTo(language.equals("cy") ? "Rhowch eich rhif ff\u00f4n symudol newydd"
                    : "Enter your new mobile phone number");
            change.assertAccessible("change-mobile-" + language);
            change.enter(mobile);
            assertThat(change.errorSummaryLink("mobile")).isNotBlank();
            change.assertAccessible("change-mobile-error-" + language);
            change.enter(replacement);
            new SecurityCodePage(page).enter(new SmsInbox(sandpit).latestCode(replacement));

            assertThat(page.url()).startsWith(callback.uri().toString());
            assertThat(Partner.query(URI.create(page.url()))).containsEntry("kc_action_status", "success");
            assertThat(admin.attribute(citizen, "phone_number")).isEqualTo(replacement);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "cy"})
    void yourDetailsShowWhatPdsHoldsAndAreAccessibleAndLeftByKeyboard(String language) {
        withCitizen("browser-details", (citizen, mobile) -> {
            admin.setAttributes(citizen, Map.of("identity_proofing_level", "P9", "nhs_number", "9990001006"));
            Map<String, String> extra = Map.of("ui_locales", language, "kc_action", "nhs-your-details");
            Page page = browser.newPage();
            page.navigate(partner().authorize("openid", extra).uri().toString());
            new SignInPage(page).signIn(citizen, AdminApi.TEST_PASSWORD);
            new SecurityCodePage(page).enter(new SmsInbox(sandpit).latestCode(mobile));

            YourDetailsPage details = new YourDetailsPage(page);
            assertThat(details.heading()).isEqualTo(language.equals("cy") ? "Eich manylion" : "Your details");
            assertThat(details.value("name")).isEqualTo("Ffion JONES");
            assertThat(details.value("nhs-number")).isEqualTo("999 000 1006");
            details.assertAccessible("your-details-" + language);
            details.carryOn();
            assertThat(page.url()).startsWith(callback.uri().toString());
            assertThat(Partner.query(URI.create(page.url()))).containsEntry("kc_action_status", "success");
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "cy"})
    void aP9CitizenChangesTheirEmailByKeyboardAloneAndEveryPageIsAccessible(String language) {
        String mobile = TestMobiles.next();
        String citizen = admin.createCitizen("browser-details-email", mobile);
        String newEmail = "browser-email-" + UUID.randomUUID().toString().substring(0, 8) + "@new.example";
        try {
            // Rhys MORGAN's record, as YourDetailsUpdateIT changes it: read as it is before each change.
            admin.setAttributes(citizen, Map.of("identity_proofing_level", "P9", "nhs_number", "9990001162"));
            Page page = browser.newPage();
            page.navigate(partner().authorize("openid", Map.of("ui_locales", language, "kc_action",
                    "nhs-your-details")).uri().toString());
            new SignInPage(page).signIn(citizen, AdminApi.TEST_PASSWORD);
            new SecurityCodePage(page).enter(new SmsInbox(sandpit).latestCode(mobile));

            YourDetailsPage details = new YourDetailsPage(page);
            details.change("email");
            assertThat(details.heading()).isEqualTo(language.equals("cy") ? "Newid eich cyfeiriad e-bost"
                    : "Change your email address");
            details.assertAccessible("your-details-email-" + language);
            details.saveValue("email", "not an address");
            assertThat(details.errorSummaryLink("email")).isNotBlank();
            details.assertAccessible("your-details-email-error-" + language);
            details.saveValue("email", newEmail);
            SecurityCodePage code = new SecurityCodePage(page);
            code.assertAccessible("your-details-email-code-" + language);
            code.enter(new Mailbox(sandpit).latestCodeTo(newEmail));
            assertThat(details.value("email")).isEqualTo(newEmail);
            details.assertAccessible("your-details-email-updated-" + language);
        } finally {
            admin.deleteUser(admin.exists(newEmail) ? newEmail : citizen);
        }
    }

    @Test
    void theAccountConsoleLeadsToYourDetailsAndBack() {
        withCitizen("browser-account-details", (citizen, mobile) -> {
            admin.setAttributes(citizen, Map.of("identity_proofing_level", "P5", "nhs_number", "9990001006"));
            Page page = browser.newPage();
            // The account console's script sends the browser on to the sign-in page.
            page.navigate(sandpit.accountConsoleUrl().toString());
            page.waitForSelector("#kc-form-login");
            new SignInPage(page).signIn(citizen, AdminApi.TEST_PASSWORD);
            page.waitForSelector(Citizen.SMS_CODE_FORM);
            new SecurityCodePage(page).enter(new SmsInbox(sandpit).latestCode(mobile));

            // By keyboard: the menu's link, focused, and Enter.
            page.getByText("Your NHS details").first().focus();
            page.keyboard().press("Enter");
            page.waitForSelector("#nhs-details");
            YourDetailsPage details = new YourDetailsPage(page);
            assertThat(details.heading()).isEqualTo("Your details");
            assertThat(details.value("name")).isEqualTo("Ffion JONES");
            details.carryOn();
            page.waitForURL(url -> url.startsWith(sandpit.accountConsoleUrl().toString()));
            // The console signed itself in again from the session, and the answer left the address bar.
            page.getByText("Your NHS details").first().waitFor();
            assertThat(page.url()).doesNotContain("code=").doesNotContain("kc_action");
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "cy"})
    void aP9CitizenChangesTheirAddressAndMobileByKeyboardAloneAndEveryPageIsAccessible(String language) {
        withCitizen("browser-details-change", (citizen, mobile) -> {
            // Nia THOMAS's record, which only this test changes; each language reads it as it is before changing it.
            admin.setAttributes(citizen, Map.of("identity_proofing_level", "P9", "nhs_number", "9990001170"));
            boolean welsh = language.equals("cy");
            Partner partner = partner();
            Partner.AuthorizationRequest request = partner.authorize("openid phone",
                    Map.of("ui_locales", language, "kc_action", "nhs-your-details"));
            Page page = browser.newPage();
            page.navigate(request.uri().toString());
            new SignInPage(page).signIn(citizen, AdminApi.TEST_PASSWORD);
            new SecurityCodePage(page).enter(new SmsInbox(sandpit).latestCode(mobile));

            YourDetailsPage details = new YourDetailsPage(page);
            details.assertAccessible("your-details-p9-" + language);
            details.change("address");
            assertThat(details.heading()).isEqualTo(welsh ? "Newid eich cyfeiriad" : "Change your address");
            details.assertAccessible("your-details-address-" + language);
            details.saveAddress(List.of(), "NOT A POSTCODE");
            assertThat(details.errorSummaryLink("address-line-1")).isNotBlank();
            assertThat(details.errorSummaryLink("address-postcode")).isNotBlank();
            assertThat(page.locator("#nhs-error-summary li").count()).as("each field's error, once").isEqualTo(2);
            details.assertAccessible("your-details-address-error-" + language);
            String street = (welsh ? "5 Stryd y Cei " : "5 Quay Street ") + java.util.UUID.randomUUID().toString()
                    .substring(0, 4);
            details.saveAddress(List.of(street, "Aberystwyth"), "sy23 2aa");
            assertThat(details.notice()).contains(welsh ? "Mae eich cyfeiriad wedi'i ddiweddaru"
                    : "Your address has been updated");
            assertThat(details.value("address")).contains(street).contains("SY23 2AA");
            details.assertAccessible("your-details-updated-" + language);

            String replacement = TestMobiles.next();
            details.change("mobile");
            details.assertAccessible("your-details-mobile-" + language);
            details.saveValue("mobile", "0113 496 0000");
            assertThat(details.errorSummaryLink("mobile")).isNotBlank();
            details.saveValue("mobile", TestMobiles.typed(replacement));
            SecurityCodePage code = new SecurityCodePage(page);
            String sent = new SmsInbox(sandpit).latestCode(replacement);
            code.enter(sent.equals("000000") ? "111111" : "000000");
            assertThat(code.errorSummaryLink("code")).isNotBlank();
            code.assertAccessible("your-details-mobile-code-error-" + language);
            code.enter(sent);
            assertThat(details.value("mobile")).isEqualTo(replacement);
            details.carryOn();

            URI back = URI.create(page.url());
            assertThat(page.url()).startsWith(callback.uri().toString());
            var tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
            // The phone scope's claims are in userinfo, as NHS login releases them.
            assertThat(Json.parse(partner.userinfo(tokens.path("access_token").asText()).body()).path("phone_number")
                    .asText()).isEqualTo(replacement);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "cy"})
    void theRecoveryOfAMobileSaysWhatItCostsAndIsAccessible(String language) {
        withCitizen("browser-recover", (citizen, mobile) -> {
            admin.setAttributes(citizen, Map.of("identity_proofing_level", "P5", "phone_number_verified", "false"));
            Page page = browser.newPage();
            page.navigate(authorize(partner(), language).uri().toString());
            new SignInPage(page).signIn(citizen, AdminApi.TEST_PASSWORD);
            new SecurityCodePage(page).enter(new Mailbox(sandpit).latestCodeTo(citizen));

            MobilePage recovery = new MobilePage(page);
            assertThat(page.locator("#nhs-notice").textContent()).contains(language.equals("cy")
                    ? "brofi pwy ydych chi eto" : "prove who you are again");
            recovery.assertAccessible("mobile-recovery-" + language);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "cy"})
    void aNewCodeSignOutAndTheRequiredActionsKeycloakMayShowAreAccessible(String language) {
        withCitizen("browser-actions", (citizen, mobile) -> {
            admin.setRequiredActions(citizen, List.of("UPDATE_PROFILE", "VERIFY_EMAIL"));
            ObjectNode unverified = admin.user(citizen).put("emailVerified", false);
            assertThat(admin.updateUser(unverified).statusCode()).isEqualTo(204);
            Page page = browser.newPage();
            page.navigate(authorize(partner(), language).uri().toString());
            new SignInPage(page).signIn(citizen, AdminApi.TEST_PASSWORD);

            SecurityCodePage code = new SecurityCodePage(page);
            code.askForANewCode();
            assertThat(page.locator("#nhs-notice").textContent()).contains(mobile.substring(mobile.length() - 4));
            code.assertAccessible("sms-code-resent-" + language);
            code.enter(new SmsInbox(sandpit).latestCode(mobile));

            // Keycloak's own required-action pages, in the theme's layout.
            NhsPage updateProfile = new NhsPage(page);
            assertThat(page.locator("body").getAttribute("data-page-id")).isEqualTo("login-login-update-profile");
            updateProfile.assertAccessible("update-profile-" + language);
            updateProfile.submitByKeyboard("#kc-update-profile-form [type=submit]");
            NhsPage verifyEmail = new NhsPage(page);
            assertThat(page.locator("body").getAttribute("data-page-id")).isEqualTo("login-login-verify-email");
            verifyEmail.assertAccessible("verify-email-" + language);

            page.navigate(sandpit.realmUrl() + "/protocol/openid-connect/logout");
            NhsPage signOut = new NhsPage(page);
            assertThat(page.locator("body").getAttribute("data-page-id")).isEqualTo("login-logout-confirm");
            signOut.assertAccessible("sign-out-" + language);
            signOut.submitByKeyboard("#kc-logout");
            new NhsPage(page).assertAccessible("signed-out-" + language);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "cy"})
    void aFormSentAgainFromAnEarlierPageGetsTheExpiredPage(String language) {
        withCitizen("browser-expired", (citizen, mobile) -> {
            Page page = browser.newPage();
            page.navigate(authorize(partner(), language).uri().toString());
            String staleAction = page.locator("#kc-form-login").getAttribute("action");
            new SignInPage(page).signIn(citizen, AdminApi.TEST_PASSWORD);

            // As a browser's back button and a second submit would: the sign-in form again, after the sign-in moved on.
            page.waitForNavigation(() -> page.evaluate("([action, username]) => { const form = document.createElement('form');"
                    + " form.method = 'post'; form.action = action; const input = document.createElement('input');"
                    + " input.name = 'username'; input.value = username; form.appendChild(input);"
                    + " document.body.appendChild(form); form.submit(); }", List.of(staleAction, citizen)));

            NhsPage expired = new NhsPage(page);
            assertThat(page.locator("body").getAttribute("data-page-id")).isEqualTo("login-login-page-expired");
            expired.assertAccessible("after-a-stale-form-" + language);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "cy"})
    void aP0CitizenStepsUpToP5ByKeyboardAloneAndTheUpliftPagesAreAccessible(String language) {
        withCitizen("browser-uplift", (citizen, mobile) -> {
            Partner partner = partner(Partner.VACCINATION_RECORD);
            Partner.AuthorizationRequest request = authorize(partner, language);
            Page page = browser.newPage();
            page.navigate(request.uri().toString());
            new SignInPage(page).signIn(citizen, AdminApi.TEST_PASSWORD);
            new SecurityCodePage(page).enter(new SmsInbox(sandpit).latestCode(mobile));

            UpliftPage uplift = new UpliftPage(page);
            assertThat(page.locator("#nhs-uplift-form").count()).isEqualTo(1);
            uplift.assertAccessible("uplift-" + language);
            uplift.enter(Map.of("given-name", "<b>Ffion</b>", "dob-day", "31", "dob-month", "2", "dob-year", "1992",
                    "postcode", "75001"));
            assertThat(uplift.errorSummaryLink("dob-day")).isNotBlank();
            uplift.assertAccessible("uplift-errors-" + language);
            uplift.enter(Map.of("given-name", "Ffion", "family-name", "Jones", "dob-day", "2", "dob-month", "6",
                    "dob-year", "1992", "postcode", "CF10 1AA"));
            uplift.assertAccessible("uplift-no-match-" + language);
            uplift.enter(Map.of("dob-day", "1"));

            // AMNV: Ffion's record has another mobile, 07700 900100.
            GpMobilePage offer = new GpMobilePage(page);
            assertThat(page.locator("#nhs-amnv-offer-form").count()).isEqualTo(1);
            offer.assertAccessible("amnv-offer-" + language);
            offer.continueWithoutChoosing();
            assertThat(offer.errorSummaryLink("gp-mobile")).isNotBlank();
            offer.assertAccessible("amnv-offer-errors-" + language);
            if (language.equals("en")) {
                offer.choose(0);
                SecurityCodePage code = new SecurityCodePage(page);
                assertThat(code.heading()).isEqualTo("Enter the code sent to your GP record's number");
                code.assertAccessible("amnv-code-" + language);
                code.enter(new SmsInbox(sandpit).latestCode("+447700900100"));
            } else {
                offer.choose(1);
            }

            assertThat(page.url()).startsWith(callback.uri().toString());
            var tokens = Json.parse(partner.redeem(partner.code(request, URI.create(page.url())), request.codeVerifier())
                    .body());
            assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P5.Cp.Cd");
            assertThat(admin.attribute(citizen, "phone_number_pds_matched"))
                    .isEqualTo(language.equals("en") ? "true" : null);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "cy"})
    void theCodeToAGpMobileItsErrorsAndTheRestrictedRecordPageAreAccessible(String language) {
        withCitizen("browser-amnv", (citizen, mobile) -> {
            Page page = browser.newPage();
            page.navigate(authorize(partner(Partner.VACCINATION_RECORD), language).uri().toString());
            new SignInPage(page).signIn(citizen, AdminApi.TEST_PASSWORD);
            new SecurityCodePage(page).enter(new SmsInbox(sandpit).latestCode(mobile));
            // Mary's record has a mobile no citizen has, 07700 900200.
            new UpliftPage(page).enter(Map.of("given-name", "Mary Ellen", "family-name", "Holloway", "dob-day", "14",
                    "dob-month", "2", "dob-year", "1979", "postcode", "LS1 4AP"));
            new GpMobilePage(page).choose(0);

            SecurityCodePage code = new SecurityCodePage(page);
            code.assertAccessible("amnv-code-" + language);
            code.enter("000000");
            assertThat(code.errorSummaryLink("code")).isNotBlank();
            code.assertAccessible("amnv-code-wrong-" + language);
            code.submitByKeyboard("#nhs-sms-skip");

            assertThat(page.url()).startsWith(callback.uri().toString());
            assertThat(admin.attribute(citizen, "phone_number")).as("kept their own number").isEqualTo(mobile);
        });
        withCitizen("browser-restricted", (citizen, mobile) -> {
            Page page = browser.newPage();
            page.navigate(authorize(partner(Partner.VACCINATION_RECORD), language).uri().toString());
            new SignInPage(page).signIn(citizen, AdminApi.TEST_PASSWORD);
            new SecurityCodePage(page).enter(new SmsInbox(sandpit).latestCode(mobile));
            new UpliftPage(page).enter(Map.of("given-name", "Alex", "family-name", "Hughes", "dob-day", "5",
                    "dob-month", "5", "dob-year", "1970", "postcode", "SW1A 1AA", "nhs-number", "9990001057"));

            NhsPage restricted = new NhsPage(page);
            assertThat(page.locator("#nhs-amnv-restricted-form").count()).isEqualTo(1);
            restricted.assertAccessible("amnv-restricted-" + language);
            restricted.submitByKeyboard("#nhs-amnv-restricted-continue");
            assertThat(page.url()).startsWith(callback.uri().toString());
        });
    }
}
