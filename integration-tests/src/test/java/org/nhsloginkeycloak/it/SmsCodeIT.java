package org.nhsloginkeycloak.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.it.support.SmsInbox;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.Sandpit;

/** The SMS security code step (Cd), driven as a citizen would, with codes read from the Notify stand-in. */
@ExtendWith(SandpitExtension.class)
class SmsCodeIT {

    private Sandpit sandpit;
    private AdminApi admin;
    private SmsInbox inbox;
    private String citizen;
    private ObjectNode originalConfig;
    private final List<StubMapping> faults = new ArrayList<>();

    @BeforeEach
    void aFreshCitizen(Sandpit sandpit) {
        this.sandpit = sandpit;
        admin = new AdminApi(sandpit);
        inbox = new SmsInbox(sandpit);
        originalConfig = admin.smsCodeConfig();
        // Each test has its own citizen and number, so send allowances and codes never leak between tests.
        citizen = admin.createCitizen("sms", TestMobiles.next());
    }

    @AfterEach
    void cleanUp() {
        faults.forEach(fault -> sandpit.govukNotify().server().removeStub(fault));
        admin = new AdminApi(sandpit);
        admin.updateAuthenticatorConfig(originalConfig);
        admin.deleteUser(citizen);
    }

    @Test
    void aCitizenSignsInWithPasswordAndTheCodeTextedToTheirMobile() {
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid");
        Citizen browser = new Citizen(sandpit);

        Citizen.Landing codePage = browser.signInWithPassword(request.uri(), citizen, AdminApi.TEST_PASSWORD);

        assertThat(codePage.page().selectFirst(Citizen.SMS_CODE_FORM)).isNotNull();
        assertThat(codePage.page().text()).contains("ending " + mobile().substring(mobile().length() - 4))
                .doesNotContain(mobile().substring(3, 9));
        List<com.fasterxml.jackson.databind.JsonNode> sent = inbox.sentTo(mobile());
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).path("template_id").asText()).isNotEmpty();
        URI back = browser.enterSmsCode(codePage, inbox.latestCode(mobile())).redirect();
        HttpResponse<String> tokens = partner.redeem(partner.code(request, back), request.codeVerifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(Json.parse(tokens.body()).path("id_token").asText()).isNotEmpty();
    }

    @Test
    void codeIsRejectedAfterFiveWrongAttempts() {
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing page = codePage(browser);
        String right = inbox.latestCode(mobile());
        String wrong = right.equals("000000") ? "111111" : "000000";

        for (int attempt = 1; attempt <= 4; attempt++) {
            page = browser.enterSmsCode(page, wrong);
            assertThat(page.page().text()).contains("The security code is not correct");
        }
        page = browser.enterSmsCode(page, wrong);
        assertThat(page.page().text()).contains("wrong security code too many times");

        // The right code is dead too: only a new one works.
        page = browser.enterSmsCode(page, right);
        assertThat(page.page().text()).contains("has expired");
        page = browser.askForANewCode(page);
        assertThat(browser.enterSmsCode(page, inbox.latestCode(mobile())).redirect().toString())
                .startsWith(Partner.SANDPIT_REDIRECT);
    }

    @Test
    void guessesSentAllAtOnceStillGetOnlyFiveTries() throws Exception {
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing codePage = codePage(browser);
        String right = inbox.latestCode(mobile());

        // Ten wrong guesses at once, then ten more at once with the right code among them: only a limit that held
        // for every guess checked keeps the right code out and tells at most four "not correct".
        List<Citizen.Landing> first = allAtOnce(browser, codePage, 10, i -> wrongCode(right, i));
        List<Citizen.Landing> late = allAtOnce(browser, codePage, 10, i -> i % 2 == 0 ? right : wrongCode(right, 10 + i));

        assertThat(late).as("no late guess gets through, the right one included").allMatch(Citizen.Landing::isPage);
        long checkedWrong = java.util.stream.Stream.concat(first.stream(), late.stream())
                .filter(landing -> landing.page().text().contains("The security code is not correct")).count();
        assertThat(checkedWrong).as("guesses told 'not correct' (the fifth is told 'too many')").isLessThanOrEqualTo(4);
    }

    @Test
    void newCodeRequestsFromManySignInsAtOnceNeverTextOneCitizenMoreThanTheAllowance() throws Exception {
        setSmsConfig(Map.of("sends-per-window", "6", "send-window-minutes", "15"));
        // Keycloak refuses one user's passwords sent in parallel, so the sign-ins come one by one (a code each)...
        List<Citizen> browsers = new ArrayList<>();
        List<Citizen.Landing> codePages = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Citizen browser = new Citizen(sandpit);
            browsers.add(browser);
            codePages.add(codePage(browser));
        }

        // ...and then every one asks for a new code at once: two are left.
        List<Citizen.Landing> resends = allAtOnce(4, i -> browsers.get(i).askForANewCode(codePages.get(i)));

        assertThat(inbox.sentTo(mobile())).as("texts in the Notify stand-in's journal").hasSizeLessThanOrEqualTo(6);
        assertThat(resends).anyMatch(page -> page.page().text().contains("You have asked for too many security codes"));
    }

    @Test
    void sendsAreCappedPerDayAsWellAsPerWindow() {
        setSmsConfig(Map.of("sends-per-window", "30", "sends-per-day", "2"));
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing page = codePage(browser);
        page = browser.askForANewCode(page);

        page = browser.askForANewCode(page);

        assertThat(page.page().text()).contains("You have asked for too many security codes today");
        assertThat(inbox.sentTo(mobile())).hasSize(2);
    }

    @Test
    void wrongCodesBeyondTheDaysCapAreRefusedEvenWhenRightAndFeedBruteForceProtection() throws Exception {
        setSmsConfig(Map.of("wrong-codes-per-day", "3", "sends-per-window", "30"));
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing page = codePage(browser);
        String right = inbox.latestCode(mobile());
        for (int i = 0; i < 3; i++) {
            page = browser.enterSmsCode(page, wrongCode(right, i));
            assertThat(page.page().text()).contains("The security code is not correct");
        }

        // The day's wrong codes are spent: even the right code, even a new one, is refused.
        page = browser.enterSmsCode(page, right);
        assertThat(page.page().text()).contains("You have entered too many wrong security codes today");
        page = browser.askForANewCode(page);
        page = browser.enterSmsCode(page, inbox.latestCode(mobile()));
        assertThat(page.page().text()).contains("You have entered too many wrong security codes today");
        for (int i = 0; i < 4; i++) {
            page = browser.enterSmsCode(page, wrongCode(right, 10 + i));
        }

        // Each guess beyond the cap is a failed login to Keycloak's brute-force protection (5 failures: locked).
        String userId = admin.user(citizen).path("id").asText();
        com.fasterxml.jackson.databind.JsonNode status = null;
        for (int wait = 0; wait < 50; wait++) {
            status = Json.parse(admin.send("GET", "/attack-detection/brute-force/users/" + userId, "").body());
            if (status.path("disabled").asBoolean()) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(status.path("numFailures").asInt()).as(status.toString()).isPositive();
        assertThat(status.path("disabled").asBoolean()).as(status.toString()).isTrue();
    }

    @Test
    void aCodeWhoseSendTimedOutStillWorksWhenTheTextArrivesLate() {
        // The sandpit gives Notify 5 s; this stand-in takes the request and answers after 8.
        faults.add(sandpit.govukNotify().server().stubFor(post(urlPathEqualTo("/v2/notifications/sms")).atPriority(0)
                .willReturn(aResponse().withStatus(201).withFixedDelay(8_000))));

        long started = System.nanoTime();
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing page = codePage(browser);
        long waitedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(page.page().text()).contains("We cannot send you a text message at the moment");
        assertThat(waitedMs).as("ms until the citizen was told").isLessThan(7_900);
        // Notify did get the request, and its text reaches the phone after all.
        assertThat(browser.enterSmsCode(page, inbox.latestCode(mobile())).redirect().toString())
                .startsWith(Partner.SANDPIT_REDIRECT);
    }

    private static String wrongCode(String right, int i) {
        return String.format("%06d", (Integer.parseInt(right) + 1 + i) % 1_000_000);
    }

    private static List<Citizen.Landing> allAtOnce(Citizen browser, Citizen.Landing codePage, int count,
            java.util.function.IntFunction<String> guess) throws Exception {
        return allAtOnce(count, i -> browser.enterSmsCode(codePage, guess.apply(i)));
    }

    /** {@code count} requests released together from a latch, each on a thread of its own. */
    static List<Citizen.Landing> allAtOnce(int count, java.util.function.IntFunction<Citizen.Landing> request)
            throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(count);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<Citizen.Landing>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                sent.add(threads.submit(() -> {
                    start.await();
                    return request.apply(index);
                }));
            }
            start.countDown();
            List<Citizen.Landing> landings = new ArrayList<>();
            for (java.util.concurrent.Future<Citizen.Landing> landing : sent) {
                landings.add(landing.get());
            }
            return landings;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anExpiredCodeFails() throws InterruptedException {
        setSmsConfig(Map.of("code-lifetime-seconds", "2"));
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing page = codePage(browser);

        Thread.sleep(2_500);
        page = browser.enterSmsCode(page, inbox.latestCode(mobile()));

        assertThat(page.isPage()).isTrue();
        assertThat(page.page().text()).contains("The security code has expired");
    }

    @Test
    void aCodeCannotBeUsedTwice() {
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing page = codePage(browser);
        String used = inbox.latestCode(mobile());
        assertThat(browser.enterSmsCode(page, used).redirect().toString()).startsWith(Partner.SANDPIT_REDIRECT);

        // A new sign-in (no single sign-on cookie) gets a new code; the used one is worth nothing.
        Citizen later = new Citizen(sandpit);
        Citizen.Landing again = codePage(later);
        org.junit.jupiter.api.Assumptions.assumeFalse(used.equals(inbox.latestCode(mobile())), "a one-in-a-million repeat");
        again = later.enterSmsCode(again, used);

        assertThat(again.page().text()).contains("The security code is not correct");
    }

    @Test
    void aCodeFromAnotherSignInIsRejected() {
        Citizen first = new Citizen(sandpit);
        codePage(first);
        String firstCode = inbox.latestCode(mobile());
        Citizen second = new Citizen(sandpit);
        Citizen.Landing page = codePage(second);
        String secondCode = inbox.latestCode(mobile());
        org.junit.jupiter.api.Assumptions.assumeFalse(firstCode.equals(secondCode), "a one-in-a-million repeat");

        page = second.enterSmsCode(page, firstCode);

        assertThat(page.page().text()).contains("The security code is not correct");
        assertThat(second.enterSmsCode(page, secondCode).redirect().toString()).startsWith(Partner.SANDPIT_REDIRECT);
    }

    @Test
    void newCodesAreThrottledPerCitizenAcrossSignIns() {
        setSmsConfig(Map.of("sends-per-window", "3", "send-window-minutes", "15"));
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing page = codePage(browser);
        page = browser.askForANewCode(page);
        page = browser.askForANewCode(page);
        assertThat(inbox.sentTo(mobile())).hasSize(3);

        page = browser.askForANewCode(page);
        assertThat(page.page().text()).contains("You have asked for too many security codes");
        // Starting again does not reset the allowance.
        Citizen.Landing again = codePage(new Citizen(sandpit));
        assertThat(again.page().text()).contains("You have asked for too many security codes");
        assertThat(inbox.sentTo(mobile())).hasSize(3);
    }

    @Test
    void whenNotifyFailsTheCitizenIsToldAndGetsNoToken() {
        faults.add(sandpit.govukNotify().server().stubFor(post(urlPathEqualTo("/v2/notifications/sms")).atPriority(0)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBodyFile("errors/server-error.json"))));

        Citizen.Landing page = codePage(new Citizen(sandpit));

        assertThat(page.isPage()).isTrue();
        assertThat(page.page().text()).contains("We cannot send you a text message at the moment");
    }

    @Test
    void whenNotifyIsTooSlowTheCitizenIsToldAndGetsNoToken() {
        faults.add(sandpit.govukNotify().server().stubFor(post(urlPathEqualTo("/v2/notifications/sms")).atPriority(0)
                .willReturn(aResponse().withStatus(201).withFixedDelay(8_000))));

        Citizen.Landing page = codePage(new Citizen(sandpit));

        assertThat(page.isPage()).isTrue();
        assertThat(page.page().text()).contains("We cannot send you a text message at the moment");
    }

    @Test
    void aMistypedCodeIsExplainedAndDoesNotCountAsAGuess() {
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing page = codePage(browser);

        for (int i = 0; i < 6; i++) {
            page = browser.enterSmsCode(page, "12 34");
            assertThat(page.page().text()).contains("Enter the 6-digit security code");
        }
        assertThat(browser.enterSmsCode(page, inbox.latestCode(mobile())).redirect().toString())
                .startsWith(Partner.SANDPIT_REDIRECT);
    }

    /** Signs in with the password at the P0 partner: the next page is the code page. */
    private Citizen.Landing codePage(Citizen browser) {
        return browser.signInWithPassword(Partner.healthInformation(sandpit).authorize("openid").uri(), citizen,
                AdminApi.TEST_PASSWORD);
    }

    private String mobile() {
        return admin.attribute(citizen, "phone_number");
    }

    private void setSmsConfig(Map<String, String> values) {
        ObjectNode config = originalConfig.deepCopy();
        values.forEach((key, value) -> config.withObjectProperty("config").put(key, value));
        admin.updateAuthenticatorConfig(config);
    }
}
