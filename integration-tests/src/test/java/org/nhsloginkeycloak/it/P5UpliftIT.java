package org.nhsloginkeycloak.it;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
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
import org.nhsloginkeycloak.sandpit.PdsFaults;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * A P0 citizen at a partner that asks for P5 steps up in the same sign-in: their details, traced against the PDS
 * stand-in's synthetic patients (listed in its mappings README).
 */
@ExtendWith(SandpitExtension.class)
class P5UpliftIT {

    private static final String UPLIFT_FORM = "#nhs-uplift-form";
    private static final String OFFER_FORM = "#nhs-amnv-offer-form";
    private static final String RESTRICTED_FORM = "#nhs-amnv-restricted-form";
    private static final String KEEP_MY_NUMBER = "keep";

    private Sandpit sandpit;
    private AdminApi admin;
    private String citizen;
    private String citizenMobile;
    private final java.util.List<String> others = new java.util.ArrayList<>();

    @BeforeEach
    void aP0Citizen(Sandpit sandpit) {
        this.sandpit = sandpit;
        admin = new AdminApi(sandpit);
        citizenMobile = TestMobiles.next();
        citizen = admin.createCitizen("uplift", citizenMobile);
    }

    @AfterEach
    void cleanUp() {
        new PdsFaults(sandpit.pds()).clear();
        admin.deleteUser(citizen);
        others.forEach(admin::deleteUser);
    }

    private static Map<String, String> ffionJones() {
        return new HashMap<>(Map.of("given-name", "Ffion", "family-name", "Jones", "dob-day", "1", "dob-month", "6",
                "dob-year", "1992", "postcode", "cf10 1aa", "nhs-number", ""));
    }

    /** AMNV's offer, after a match whose record has other mobiles: the citizen keeps the number they have. */
    private static URI keepMyNumber(Citizen browser, Citizen.Landing offer) {
        assertThat(offer.page().selectFirst(OFFER_FORM)).as("the AMNV offer").isNotNull();
        return browser.submit(offer, OFFER_FORM, Map.of("gp-mobile", KEEP_MY_NUMBER)).redirect();
    }

    /** Signs in at the P5 partner up to the uplift form. */
    private Citizen.Landing upliftForm(Citizen browser, Partner.AuthorizationRequest request) {
        Citizen.Landing form = browser.signIn(request.uri(), citizen, AdminApi.TEST_PASSWORD);
        assertThat(form.page().selectFirst(UPLIFT_FORM)).as("the uplift form").isNotNull();
        return form;
    }

    @Test
    void aUniqueMatchRaisesTheCitizenToP5AndThePartnerGetsP5() {
        Partner partner = Partner.vaccinationRecord(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid profile");
        Citizen browser = new Citizen(sandpit);

        Citizen.Landing offer = browser.submit(upliftForm(browser, request), UPLIFT_FORM, ffionJones());

        // Ffion's record holds 07700 900100, not this citizen's mobile: AMNV offers it, showing its last digits only.
        assertThat(offer.page().selectFirst("h1").text()).isEqualTo("Check the mobile number on your GP record");
        assertThat(offer.page().select("#nhs-amnv-offer-form label").eachText())
                .containsExactly("Text a security code to the number ending 0100",
                        "Keep using the number ending " + citizenMobile.substring(citizenMobile.length() - 4));
        assertThat(offer.page().html()).doesNotContain("900100").doesNotContain("7700 900");
        assertThat(admin.attribute(citizen, "identity_proofing_level")).as("P5 before AMNV is done").isEqualTo("P5");
        URI back = keepMyNumber(browser, offer);

        JsonNode tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
        JsonNode idToken = Json.jwtPayload(tokens.path("id_token").asText());
        assertThat(idToken.path("vot").asText()).isEqualTo("P5.Cp.Cd");
        assertThat(idToken.path("nhs_number").asText()).isEqualTo("9990001006");
        assertThat(idToken.path("family_name").asText()).isEqualTo("JONES");
        assertThat(idToken.path("birthdate").asText()).isEqualTo("1992-06-01");
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isEqualTo("P5");
        assertThat(admin.attribute(citizen, "gp_ods_code")).isEqualTo("Y12345");
        assertThat(admin.user(citizen).path("firstName").asText()).isEqualTo("Ffion");
        // Declined: the flag stays as it was, and so does the 2FA mobile.
        assertThat(admin.attribute(citizen, "phone_number_pds_matched")).isNotEqualTo("true");
        assertThat(admin.attribute(citizen, "phone_number")).isEqualTo(citizenMobile);
    }

    @Test
    void whenThe2faMobileIsOnTheRecordThePartnerIsToldItMatches() {
        // Ffion's record holds 07700 900100, in national form: the same number as +447700900100.
        String matching = admin.createCitizen("uplift-amnv", "+447700900100");
        others.add(matching);
        Partner partner = Partner.vaccinationRecord(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid phone");
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing form = browser.signIn(request.uri(), matching, AdminApi.TEST_PASSWORD);

        URI back = browser.submit(form, UPLIFT_FORM, ffionJones()).redirect();

        JsonNode tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
        JsonNode userinfo = Json.parse(partner.userinfo(tokens.path("access_token").asText()).body());
        assertThat(userinfo.path("phone_number").asText()).isEqualTo("+447700900100");
        assertThat(userinfo.path("phone_number_pds_matched").asBoolean()).isTrue();
    }

    @Test
    void noMatchSaysWhatToDoWithoutSayingWhichDetailWasWrongAndKeepsTheCitizenAtP0() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> wrong = ffionJones();
        wrong.put("dob-day", "2");
        wrong.put("nhs-number", "999 000 1006");
        Citizen.Landing again = browser.submit(upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid")),
                UPLIFT_FORM, wrong);

        assertThat(again.page().selectFirst("#nhs-error-summary").text())
                .contains("We could not find your NHS record with these details").contains("2 more times");
        assertThat(again.page().selectFirst(UPLIFT_FORM)).isNotNull();
        assertThat(again.page().selectFirst("input#given-name").val()).as("what they typed is kept").isEqualTo("Ffion");
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isNotEqualTo("P5");
        assertThat(admin.attribute(citizen, "nhs_number")).isNull();
        // The outcome is an event for the citizen; what they typed is not in it.
        String events = admin.send("GET", "/events?type=UPDATE_PROFILE_ERROR&user=" + admin.user(citizen).path("id").asText(),
                "").body();
        assertThat(Json.parse(events).findValuesAsText("error")).contains("nhs_trace_no_match");
        assertThat(events.toLowerCase()).doesNotContain("ffion").doesNotContain("jones").doesNotContain("1992")
                .doesNotContain("cf10").doesNotContain("9990001006").doesNotContain("999 000");
    }

    @Test
    void tooManyMatchesReadsLikeNoMatch() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> john = new HashMap<>(Map.of("given-name", "John", "family-name", "Smith", "dob-day", "1",
                "dob-month", "1", "dob-year", "1980", "postcode", "LS1 4AP"));

        Citizen.Landing again = browser.submit(upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid")),
                UPLIFT_FORM, john);

        assertThat(again.page().selectFirst("#nhs-error-summary").text())
                .contains("We could not find your NHS record with these details");
        assertThat(admin.attribute(citizen, "nhs_number")).isNull();
    }

    @Test
    void aDeceasedRecordNeverUplifts() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> morgan = new HashMap<>(Map.of("given-name", "Morgan", "family-name", "Evans", "dob-day", "3",
                "dob-month", "3", "dob-year", "1940", "postcode", "NP20 1AA"));

        Citizen.Landing again = browser.submit(upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid")),
                UPLIFT_FORM, morgan);

        assertThat(again.page().selectFirst(UPLIFT_FORM)).isNotNull();
        assertThat(admin.attribute(citizen, "nhs_number")).isNull();
    }

    @Test
    void badInputGetsAnErrorAtEachFieldEscapedAndNothingIsTraced() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> bad = new HashMap<>(Map.of("given-name", "<script>alert(1)</script>", "family-name", "",
                "dob-day", "31", "dob-month", "2", "dob-year", "1992", "postcode", "75001", "nhs-number", "9990001007"));
        int tracesBefore = sandpit.pds().server().getAllServeEvents().size();

        Citizen.Landing again = browser.submit(upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid")),
                UPLIFT_FORM, bad);

        assertThat(again.page().select("#nhs-error-summary li")).hasSize(5);
        assertThat(again.page().select("#nhs-error-summary a").eachAttr("href"))
                .containsExactly("#given-name", "#family-name", "#dob-day", "#postcode", "#nhs-number");
        assertThat(again.page().selectFirst("input#given-name").val()).isEqualTo("<script>alert(1)</script>");
        assertThat(again.page().select("script").stream().map(org.jsoup.nodes.Element::data))
                .noneMatch(script -> script.contains("alert(1)"));
        assertThat(sandpit.pds().server().getAllServeEvents()).hasSize(tracesBefore);
    }

    @Test
    void markupInEveryFieldAFutureDateAndA500CharacterNameAreRefusedAndShownEscaped() {
        Citizen browser = new Citizen(sandpit);
        String markup = "<img src=x onerror=alert(7)>";
        Map<String, String> bad = new HashMap<>(Map.of("given-name", markup, "family-name", "a".repeat(500),
                "dob-day", markup, "dob-month", "1", "dob-year", "2999", "postcode", markup, "nhs-number", markup));

        Citizen.Landing again = browser.submit(upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid")),
                UPLIFT_FORM, bad);
        assertThat(again.page().select("#nhs-error-summary a").eachAttr("href"))
                .containsExactly("#given-name", "#family-name", "#dob-day", "#postcode", "#nhs-number");
        assertThat(again.page().selectFirst("#input-error-family-name").text()).contains("35 characters or fewer");
        assertThat(again.page().select("img[onerror]")).as("no markup from the form is live").isEmpty();
        assertThat(again.page().selectFirst("input#postcode").val()).isEqualTo(markup);

        Map<String, String> future = ffionJones();
        future.put("dob-year", "2999");
        Citizen.Landing later = browser.submit(again, UPLIFT_FORM, future);
        assertThat(later.page().selectFirst("#input-error-dob").text()).contains("Date of birth must be in the past");
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isNotEqualTo("P5");
    }

    @Test
    void whenPdsIsDownTheDetailsAreKeptAndTheCitizenCarriesOnWhenItIsBack() {
        Partner partner = Partner.vaccinationRecord(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid");
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing form = upliftForm(browser, request);
        PdsFaults faults = new PdsFaults(sandpit.pds());
        faults.serverError();

        Citizen.Landing down = browser.submit(form, UPLIFT_FORM, ffionJones());

        assertThat(down.page().selectFirst("#nhs-error-summary").text()).contains("We cannot check your details right now");
        assertThat(down.page().selectFirst("input#family-name").val()).isEqualTo("Jones");
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isNotEqualTo("P5");

        faults.clear();
        URI back = keepMyNumber(browser, browser.submit(down, UPLIFT_FORM, Map.of()));

        assertThat(Partner.query(back)).containsKey("code");
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isEqualTo("P5");
    }

    @Test
    void anNhsNumberAnotherAccountHoldsIsNotLinked() {
        String holder = admin.createCitizen("holder", TestMobiles.next());
        others.add(holder);
        admin.setAttributes(holder, Map.of("nhs_number", "9990001006", "identity_proofing_level", "P5"));
        Citizen browser = new Citizen(sandpit);

        Citizen.Landing again = browser.submit(upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid")),
                UPLIFT_FORM, ffionJones());

        assertThat(again.page().selectFirst("#nhs-error-summary").text()).contains("you already have an NHS login");
        assertThat(admin.attribute(citizen, "nhs_number")).isNull();
        assertThat(admin.attribute(holder, "nhs_number")).isEqualTo("9990001006");
    }

    @Test
    void afterThreeTracesThatFindNoOneTheCitizenWaitsUntilTomorrow() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> wrong = ffionJones();
        wrong.put("dob-day", "2");
        Citizen.Landing page = upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid"));
        for (int i = 0; i < 3; i++) {
            page = browser.submit(page, UPLIFT_FORM, wrong);
        }
        assertThat(page.page().selectFirst("#nhs-error-summary").text()).contains("You cannot try again today");

        Citizen.Landing refused = browser.submit(page, UPLIFT_FORM, ffionJones());

        assertThat(refused.page().selectFirst("#nhs-error-summary").text()).contains("You have tried too many times today");
        assertThat(admin.attribute(citizen, "nhs_number")).isNull();
    }

    /** Searches the PDS stand-in received for this family name, whoever sent them. */
    private int searchesFor(String family) {
        return sandpit.pds().server().findAll(getRequestedFor(urlPathEqualTo(Sandpit.PDS_FHIR_PATH + "/Patient"))
                .withQueryParam("family", equalToIgnoreCase(family))).size();
    }

    private static String errorSummary(Citizen.Landing page) {
        return page.page().selectFirst("#nhs-error-summary").text();
    }

    @Test
    void detailsPdsRefusesCountAsTracesAndOnceTheyAreSpentPdsIsNotAskedAgain() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> details = ffionJones();
        details.put("family-name", "Refused-Details");
        Citizen.Landing page = upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid"));
        new PdsFaults(sandpit.pds()).badRequest();

        page = browser.submit(page, UPLIFT_FORM, details);
        assertThat(errorSummary(page)).contains("We could not find your NHS record").contains("try 2 more times");
        page = browser.submit(page, UPLIFT_FORM, details);
        page = browser.submit(page, UPLIFT_FORM, details);
        assertThat(errorSummary(page)).contains("You cannot try again today");
        assertThat(searchesFor("Refused-Details")).as("one call a trace: a 400 is never retried").isEqualTo(3);

        new PdsFaults(sandpit.pds()).clear();
        Citizen.Landing spent = browser.submit(page, UPLIFT_FORM, details);

        assertThat(errorSummary(spent)).contains("You have tried too many times today");
        assertThat(searchesFor("Refused-Details")).as("PDS is not asked once the day's traces are spent").isEqualTo(3);
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isNotEqualTo("P5");
    }

    @Test
    void answersWeCannotReadCountAsTracesAndNeverOpenTheCircuitForEveryoneElse() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> details = ffionJones();
        details.put("family-name", "Garbled-Answer");
        Citizen.Landing page = upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid"));
        PdsFaults faults = new PdsFaults(sandpit.pds());
        faults.malformedJson();
        for (int i = 0; i < 3; i++) {
            page = browser.submit(page, UPLIFT_FORM, details);
        }
        assertThat(errorSummary(page)).contains("You cannot try again today");
        assertThat(searchesFor("Garbled-Answer")).as("one call a trace: the same request would read the same")
                .isEqualTo(3);
        faults.clear();
        assertThat(errorSummary(browser.submit(page, UPLIFT_FORM, details))).contains("You have tried too many times today");
        assertThat(searchesFor("Garbled-Answer")).isEqualTo(3);

        // Straight after, another citizen is traced: the garbage did not open PDS's circuit (5 failures) for them.
        String next = admin.createCitizen("uplift-next", TestMobiles.next());
        others.add(next);
        Citizen nextBrowser = new Citizen(sandpit);
        Citizen.Landing form = nextBrowser.signIn(Partner.vaccinationRecord(sandpit).authorize("openid").uri(), next,
                AdminApi.TEST_PASSWORD);
        Citizen.Landing offer = nextBrowser.submit(form, UPLIFT_FORM, ffionJones());
        assertThat(offer.page().selectFirst(UPLIFT_FORM)).as("not sent back to the form as PDS unavailable").isNull();
        assertThat(admin.attribute(next, "identity_proofing_level")).isEqualTo("P5");
    }

    @Test
    void aRecordPdsMarksDeceasedBooleanNeverUplifts() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> eleri = new HashMap<>(Map.of("given-name", "Eleri", "family-name", "Roberts", "dob-day", "10",
                "dob-month", "10", "dob-year", "1931", "postcode", "SA3 5AA"));

        Citizen.Landing again = browser.submit(upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid")),
                UPLIFT_FORM, eleri);

        assertThat(errorSummary(again)).contains("We could not find your NHS record").contains("try 2 more times");
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isNotEqualTo("P5");
        assertThat(admin.attribute(citizen, "nhs_number")).isNull();
    }

    @Test
    void aVeryRestrictedRecordIsTreatedAsRestrictedItsMobileAndGpWithheld() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> jordan = new HashMap<>(Map.of("given-name", "Jordan", "family-name", "Taylor",
                "dob-day", "9", "dob-month", "9", "dob-year", "1982", "postcode", "LS2 9AA", "nhs-number", "9990001154"));
        Partner partner = Partner.vaccinationRecord(sandpit);
        Citizen.Landing form = upliftForm(browser, partner.authorize("openid"));

        Citizen.Landing restricted = browser.submit(form, UPLIFT_FORM, jordan);

        assertThat(restricted.page().selectFirst("h1").text()).as(restricted.page().text())
                .isEqualTo("We could not check your mobile number");
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isEqualTo("P5");
        assertThat(admin.attribute(citizen, "nhs_number")).isEqualTo("9990001154");
        assertThat(admin.attribute(citizen, "gp_ods_code")).as("a V record's GP is withheld").isNull();
        URI back = browser.submit(restricted, RESTRICTED_FORM, Map.of()).redirect();
        assertThat(Partner.query(back)).containsKey("code");
        assertThat(admin.attribute(citizen, "phone_number_pds_matched")).isNotEqualTo("true");
    }

    @Test
    void aP0SessionStepsUpWithoutSigningInAgain() {
        Citizen browser = new Citizen(sandpit);
        Partner p0Partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest p0 = p0Partner.authorize("openid");
        p0Partner.code(p0, browser.signIn(p0.uri(), citizen, AdminApi.TEST_PASSWORD).redirect());

        Partner p5Partner = Partner.vaccinationRecord(sandpit);
        Partner.AuthorizationRequest p5 = p5Partner.authorize("openid");
        Citizen.Landing form = browser.open(p5.uri());

        assertThat(form.page().selectFirst(UPLIFT_FORM)).as("straight to the uplift, no password").isNotNull();
        URI back = keepMyNumber(browser, browser.submit(form, UPLIFT_FORM, ffionJones()));
        JsonNode tokens = Json.parse(p5Partner.redeem(p5Partner.code(p5, back), p5.codeVerifier()).body());
        assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P5.Cp.Cd");
    }

    @Test
    void aSecondTabThatSubmitsAfterTheFirstUpliftedTracesNothingAndRecordsNoSecondUplift() {
        Citizen first = new Citizen(sandpit);
        Citizen second = new Citizen(sandpit);
        Partner partner = Partner.vaccinationRecord(sandpit);
        Partner.AuthorizationRequest secondRequest = partner.authorize("openid");
        Citizen.Landing firstForm = upliftForm(first, partner.authorize("openid"));
        Citizen.Landing secondForm = upliftForm(second, secondRequest);
        keepMyNumber(first, first.submit(firstForm, UPLIFT_FORM, ffionJones()));
        int searches = searchesFor("Jones");

        URI back = second.submit(secondForm, UPLIFT_FORM, ffionJones()).redirect();

        assertThat(Partner.query(back)).as("the second tab carries on at the level the first reached").containsKey("code");
        assertThat(searchesFor("Jones")).as("PDS is not asked again").isEqualTo(searches);
        String events = admin.send("GET", "/events?type=UPDATE_PROFILE&user=" + admin.user(citizen).path("id").asText(),
                "").body();
        assertThat(Json.parse(events).findValues("nhs_uplift")).as("one uplift, one event (and one unit of traffic)")
                .hasSize(1);
        assertThat(admin.attribute(citizen, "nhs_number")).isEqualTo("9990001006");
    }

    @Test
    void aP9RequestFromAP0CitizenIsStillRefusedNotUplifted() {
        Partner.AuthorizationRequest p9 = Partner.gpServices(sandpit).authorize("openid");

        Citizen.Landing landing = new Citizen(sandpit).signIn(p9.uri(), citizen, AdminApi.TEST_PASSWORD);

        assertThat(Partner.query(landing.redirect())).containsEntry("error", "access_denied");
    }

    @Test
    void bouncingOffAP9PartnerNeverLocksTheCitizenOut() {
        Citizen browser = new Citizen(sandpit);
        Partner p0Partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest p0 = p0Partner.authorize("openid");
        p0Partner.code(p0, browser.signIn(p0.uri(), citizen, AdminApi.TEST_PASSWORD).redirect());
        Partner gpServices = Partner.gpServices(sandpit);
        for (int i = 0; i < 6; i++) {
            // Single sign-on: straight back to the partner, refused each time.
            assertThat(Partner.query(browser.open(gpServices.authorize("openid").uri()).redirect()))
                    .containsEntry("error", "access_denied");
        }

        JsonNode bruteForce = Json.parse(admin.send("GET", "/attack-detection/brute-force/users/"
                + admin.user(citizen).path("id").asText(), "").body());
        assertThat(bruteForce.path("numFailures").asInt()).isZero();
        assertThat(bruteForce.path("disabled").asBoolean()).isFalse();
    }

    @Test
    void amnvByCodeMakesTheGpMobileTheCitizensOwnAndThePartnerIsToldItMatches() {
        Partner partner = Partner.vaccinationRecord(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid phone");
        Citizen browser = new Citizen(sandpit);
        Map<String, String> thiMai = new HashMap<>(Map.of("given-name", "Thi Mai", "family-name", "Nguyen",
                "dob-day", "12", "dob-month", "12", "dob-year", "1995", "postcode", "B1 1AA"));
        Citizen.Landing offer = browser.submit(upliftForm(browser, request), UPLIFT_FORM, thiMai);
        // A refresh comes back to the offer, not past it.
        Citizen.Landing refreshed = browser.open(offer.uri());
        assertThat(refreshed.page().selectFirst(OFFER_FORM)).isNotNull();

        // Her record writes it 00447700900400.
        Citizen.Landing code = browser.submit(refreshed, OFFER_FORM, Map.of("gp-mobile", "0"));
        assertThat(code.page().selectFirst("#nhs-sms-code-hint").text()).contains("ending 0400")
                .doesNotContain("7700900400");
        Citizen.Landing wrong = browser.submit(code, Citizen.SMS_CODE_FORM, Map.of("code", "000000"));
        assertThat(wrong.page().selectFirst("#nhs-error-summary").text()).contains("The security code is not correct");
        assertThat(admin.attribute(citizen, "phone_number")).as("not yet").isEqualTo(citizenMobile);
        URI back = browser.submit(wrong, Citizen.SMS_CODE_FORM,
                Map.of("code", new SmsInbox(sandpit).latestCode("+447700900400"))).redirect();

        JsonNode tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
        assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P5.Cp.Cd");
        JsonNode userinfo = Json.parse(partner.userinfo(tokens.path("access_token").asText()).body());
        assertThat(userinfo.path("phone_number").asText()).isEqualTo("+447700900400");
        assertThat(userinfo.path("phone_number_verified").asBoolean()).isTrue();
        assertThat(userinfo.path("phone_number_pds_matched").asBoolean()).isTrue();
        assertThat(Instant.parse(admin.attribute(citizen, "phone_number_pds_matched_at")))
                .isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(5));
        assertThat(admin.attribute(citizen, "phone_number_pds_matched_number")).isEqualTo("+447700900400");
        String events = admin.send("GET", "/events?user=" + admin.user(citizen).path("id").asText(), "").body();
        assertThat(events).contains("matched_by_code").doesNotContain("7700900400").doesNotContain("9990001111")
                .doesNotContain(citizenMobile.substring(3));
    }

    @Test
    void decliningTheCodeLeavesTheMobileAndTheFlagAsTheyWere() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> mary = new HashMap<>(Map.of("given-name", "Mary Ellen", "family-name", "Holloway",
                "dob-day", "14", "dob-month", "2", "dob-year", "1979", "postcode", "LS1 4AP"));
        Partner partner = Partner.vaccinationRecord(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid phone");
        Citizen.Landing offer = browser.submit(upliftForm(browser, request), UPLIFT_FORM, mary);
        Citizen.Landing unanswered = browser.submit(offer, OFFER_FORM, Map.of());
        assertThat(unanswered.page().select("#nhs-error-summary a").eachAttr("href")).containsExactly("#gp-mobile");

        // Only the record's own numbers can be chosen, by their place in the list the server keeps.
        for (String forged : new String[] {"1", "9", "-1", "+447700900999"}) {
            Citizen.Landing refused = browser.submit(unanswered, OFFER_FORM, Map.of("gp-mobile", forged));
            assertThat(refused.page().select("#nhs-error-summary a").eachAttr("href")).as(forged)
                    .containsExactly("#gp-mobile");
            unanswered = refused;
        }
        assertThat(new SmsInbox(sandpit).sentTo("+447700900999")).isEmpty();

        Citizen.Landing code = browser.submit(unanswered, OFFER_FORM, Map.of("gp-mobile", "0"));
        URI back = browser.submit(code, "#nhs-sms-skip-form", Map.of()).redirect();

        JsonNode tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
        JsonNode userinfo = Json.parse(partner.userinfo(tokens.path("access_token").asText()).body());
        assertThat(userinfo.path("phone_number").asText()).isEqualTo(citizenMobile);
        assertThat(userinfo.path("phone_number_pds_matched").asBoolean()).isFalse();
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isEqualTo("P5");
        assertThat(admin.attribute(citizen, "middle_names")).isEqualTo("Rose");
    }

    @Test
    void aRestrictedRecordIsFoundOnlyWithTheNhsNumberAndAmnvSaysItCannotCheck() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> alex = new HashMap<>(Map.of("given-name", "Alex", "family-name", "Hughes",
                "dob-day", "5", "dob-month", "5", "dob-year", "1970", "postcode", "SW1A 1AA", "nhs-number", ""));
        Partner partner = Partner.vaccinationRecord(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid");
        Citizen.Landing form = upliftForm(browser, request);

        // PDS never returns a restricted record to a search with a postcode.
        Citizen.Landing noMatch = browser.submit(form, UPLIFT_FORM, alex);
        assertThat(noMatch.page().selectFirst("#nhs-error-summary").text()).contains("add your NHS number");
        alex.put("nhs-number", "999 000 1057");
        Citizen.Landing restricted = browser.submit(noMatch, UPLIFT_FORM, alex);

        assertThat(restricted.page().selectFirst("h1").text()).as(restricted.page().text())
                .isEqualTo("We could not check your mobile number");
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isEqualTo("P5");
        URI back = browser.submit(restricted, RESTRICTED_FORM, Map.of()).redirect();
        assertThat(Partner.query(back)).containsKey("code");
        assertThat(admin.attribute(citizen, "nhs_number")).isEqualTo("9990001057");
        assertThat(admin.attribute(citizen, "phone_number_pds_matched")).isNotEqualTo("true");
    }

    @Test
    void aPartnerCanStartTheUpliftWithKcActionAndTheTokensThenSayP5() {
        Partner partner = Partner.healthInformation(sandpit);
        Map<String, String> multiLevel = Map.of("vtr", "[\"P0.Cp.Cd\",\"P5.Cp.Cd\"]");
        Partner.AuthorizationRequest first = partner.authorize("openid", multiLevel);
        Citizen browser = new Citizen(sandpit);
        URI signedIn = browser.signIn(first.uri(), citizen, AdminApi.TEST_PASSWORD).redirect();
        JsonNode p0 = Json.parse(partner.redeem(partner.code(first, signedIn), first.codeVerifier()).body());
        assertThat(Json.jwtPayload(p0.path("id_token").asText()).path("vot").asText()).isEqualTo("P0.Cp.Cd");

        Map<String, String> uplift = new HashMap<>(multiLevel);
        uplift.put("kc_action", "nhs-p5-uplift");
        Partner.AuthorizationRequest request = partner.authorize("openid profile", uplift);
        Citizen.Landing form = browser.open(request.uri());
        assertThat(form.page().selectFirst(UPLIFT_FORM)).as("the uplift, without signing in again").isNotNull();
        assertThat(form.page().selectFirst("#nhs-uplift-cancel")).as("a partner's request may be declined").isNotNull();
        URI back = keepMyNumber(browser, browser.submit(form, UPLIFT_FORM, ffionJones()));

        assertThat(Partner.query(back)).containsEntry("kc_action_status", "success");
        JsonNode tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
        JsonNode idToken = Json.jwtPayload(tokens.path("id_token").asText());
        assertThat(idToken.path("vot").asText()).isEqualTo("P5.Cp.Cd");
        assertThat(idToken.path("nhs_number").asText()).isEqualTo("9990001006");
    }

    @Test
    void aCitizenMayDeclineAPartnersKcAction() {
        Partner partner = Partner.healthInformation(sandpit);
        Citizen browser = new Citizen(sandpit);
        Partner.AuthorizationRequest first = partner.authorize("openid");
        partner.code(first, browser.signIn(first.uri(), citizen, AdminApi.TEST_PASSWORD).redirect());

        Partner.AuthorizationRequest request = partner.authorize("openid", Map.of("kc_action", "nhs-p5-uplift"));
        Citizen.Landing form = browser.open(request.uri());
        URI back = browser.submit(form, "#nhs-uplift-cancel-form", Map.of()).redirect();

        assertThat(Partner.query(back)).containsEntry("kc_action_status", "cancelled").containsKey("code");
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isNotEqualTo("P5");
    }
}
