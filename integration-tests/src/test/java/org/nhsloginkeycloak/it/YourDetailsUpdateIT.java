package org.nhsloginkeycloak.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.connectors.pds.PdsContactDetails;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Mailbox;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.PdsStandIn;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.it.support.SmsInbox;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * "Your details" writing back to PDS, as a P9 citizen does it through a partner's {@code kc_action}: the address, the
 * mobile (a code to the new number, a wrong one first) and the email (a code to the new address), each reaching the
 * stand-in as the patch PDS wants and nothing else; nothing changed, nothing sent; someone else's update in between
 * (409, read again, shown, saved again); PDS down mid-update (nothing written anywhere); a P5 citizen who may not
 * change anything, forged requests, and no page without the security code. Rhys MORGAN's record (9990001162), which no
 * other test reads, changes from test to test, so each reads it as it is before changing it.
 */
@ExtendWith(SandpitExtension.class)
class YourDetailsUpdateIT {

    private static final String RHYS = "9990001162";

    private Sandpit sandpit;
    private AdminApi admin;
    private PdsStandIn pds;
    private final List<String> citizens = new ArrayList<>();
    private final List<StubMapping> stubs = new ArrayList<>();

    @BeforeEach
    void start(Sandpit sandpit) {
        this.sandpit = sandpit;
        admin = new AdminApi(sandpit);
        pds = new PdsStandIn(sandpit);
    }

    @AfterEach
    void cleanUp() {
        stubs.forEach(sandpit.pds().server()::removeStub);
        citizens.stream().filter(admin::exists).forEach(admin::deleteUser);
    }

    private String citizen(String level, String mobile) {
        String username = admin.createCitizen("details-update", mobile);
        citizens.add(username);
        admin.setAttributes(username, Map.of("identity_proofing_level", level, "nhs_number", RHYS));
        return username;
    }

    private Citizen.Landing details(Citizen browser, String username, Partner.AuthorizationRequest request) {
        return browser.signIn(request.uri(), username, AdminApi.TEST_PASSWORD);
    }

    private Citizen.Landing details(Citizen browser, String username) {
        return details(browser, username, Partner.healthInformation(sandpit).authorize("openid",
                Map.of("kc_action", "nhs-your-details")));
    }

    private static String text(Document page, String id) {
        return page.getElementById(id) == null ? null : page.getElementById(id).text();
    }

    private static PdsContactDetails contact(JsonNode record) {
        return PdsContactDetails.of(record, LocalDate.now(ZoneOffset.UTC));
    }

    private static Map<String, String> address(String line1, String line2, String postcode) {
        return new HashMap<>(Map.of("address-line-1", line1, "address-line-2", line2, "address-line-3", "",
                "address-line-4", "", "address-line-5", "", "address-postcode", postcode));
    }

    @Test
    void aP9CitizenChangesTheirAddressAndPdsHoldsExactlyItWhateverElseTheFormSends() {
        JsonNode before = pds.record(RHYS);
        int updatesBefore = pds.updatesTo(RHYS).size();
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing summary = details(browser, citizen("P9", TestMobiles.next()));
        assertThat(summary.page().getElementById("nhs-details-change-address")).isNotNull();
        assertThat(text(summary.page(), "nhs-details-how")).contains("contact your GP surgery");

        Citizen.Landing form = browser.submit(summary, "#nhs-details-change-address", Map.of());
        assertThat(form.page().selectFirst("h1").text()).isEqualTo("Change your address");
        assertThat(form.page().getElementById("address-line-1").val())
                .isEqualTo(contact(before).homeLines().get(0));

        String street = UUID.randomUUID().toString().substring(0, 6) + " Harbour View";
        Map<String, String> fields = address(street, "Swansea", "sa1 8ab");
        // A forged form: the name, the date of birth, another citizen's NHS number and a second kind of change.
        fields.putAll(Map.of("name", "Someone ELSE", "given", "Someone", "family", "ELSE", "birthDate", "2001-01-01",
                "nhs_number", "9990001170", "nhs-number", "9990001170", "mobile", "07700 900999"));
        Citizen.Landing done = browser.submit(form, "#nhs-details-change-form", fields);

        Document page = done.page();
        assertThat(text(page, "nhs-notice")).contains("Your address has been updated");
        assertThat(text(page, "nhs-details-address")).contains(street).contains("SA1 8AB");
        JsonNode after = pds.record(RHYS);
        assertThat(PdsStandIn.version(after)).isEqualTo(PdsStandIn.version(before) + 1);
        assertThat(contact(after)).isEqualTo(new PdsContactDetails(List.of(street, "Swansea"), "SA1 8AB",
                contact(before).mobile(), contact(before).email()));
        assertThat(after.path("name")).isEqualTo(before.path("name"));
        assertThat(after.path("birthDate")).isEqualTo(before.path("birthDate"));

        List<JsonNode> updates = pds.updatesTo(RHYS);
        assertThat(updates).hasSize(updatesBefore + 1);
        assertThat(updates.get(updates.size() - 1).path("patches"))
                .extracting(op -> op.path("op").asText() + " " + op.path("path").asText())
                .containsExactly("replace /address/0");
        assertThat(sandpit.pds().server().findAll(patchRequestedFor(urlPathEqualTo(Sandpit.PDS_FHIR_PATH
                + "/Patient/9990001170")))).as("the other citizen's record").isEmpty();

        Citizen.Landing back = browser.submit(done, "#nhs-details-form", Map.of());
        assertThat(back.redirect().getQuery()).contains("code=");
    }

    @Test
    void aP9CitizenChangesTheirMobileWithACodeToTheNewNumberAndThePartnersNextTokenCarriesItUnmatched() {
        String oldMobile = TestMobiles.next();
        String username = citizen("P9", oldMobile);
        String newMobile = TestMobiles.next();
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid phone",
                Map.of("kc_action", "nhs-your-details"));
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing summary = details(browser, username, request);
        int updatesBefore = pds.updatesTo(RHYS).size();

        Citizen.Landing form = browser.submit(summary, "#nhs-details-change-mobile", Map.of());
        Citizen.Landing notUk = browser.submit(form, "#nhs-details-change-form", Map.of("mobile", "0113 496 0000"));
        assertThat(notUk.page().select("#nhs-error-summary li")).as("the field's error, once").hasSize(1);
        assertThat(notUk.page().getElementById("mobile").val()).as("kept").isEqualTo("0113 496 0000");

        Citizen.Landing code = browser.submit(notUk, "#nhs-details-change-form",
                Map.of("mobile", TestMobiles.typed(newMobile)));
        assertThat(code.page().selectFirst(Citizen.SMS_CODE_FORM)).isNotNull();
        assertThat(code.page().text()).contains(newMobile.substring(newMobile.length() - 4));
        String sent = new SmsInbox(sandpit).latestCode(newMobile);

        String wrong = sent.equals("000000") ? "111111" : "000000";
        Citizen.Landing again = browser.enterSmsCode(code, wrong);
        assertThat(again.page().getElementById("nhs-error-summary").text()).contains("not correct");
        assertThat(pds.updatesTo(RHYS)).as("nothing sent before the code").hasSize(updatesBefore);
        assertThat(admin.attribute(username, "phone_number")).isEqualTo(oldMobile);

        Citizen.Landing done = browser.enterSmsCode(again, sent);
        assertThat(text(done.page(), "nhs-notice")).contains("Your mobile phone number has been updated");
        assertThat(contact(pds.record(RHYS)).mobile()).isEqualTo(newMobile);
        assertThat(admin.attribute(username, "phone_number")).isEqualTo(newMobile);
        assertThat(admin.attribute(username, "phone_number_verified")).isEqualTo("true");
        assertThat(admin.attribute(username, "phone_number_pds_matched")).as("ADR 0011 (4): a number the page introduced")
                .isNotEqualTo("true");

        Citizen.Landing back = browser.submit(done, "#nhs-details-form", Map.of());
        JsonNode tokens = Partner.json(partner.redeem(partner.code(request, back.redirect()), request.codeVerifier()));
        JsonNode userinfo = Partner.json(partner.userinfo(tokens.path("access_token").asText()));
        assertThat(userinfo.path("phone_number").asText()).isEqualTo(newMobile);
        assertThat(userinfo.path("phone_number_pds_matched").asBoolean()).isFalse();
    }

    @Test
    void puttingTheCurrent2faMobileOnPdsIsTheDeliberateMatchMadeWhenPdsAccepts() {
        String mobile = TestMobiles.next();
        String username = citizen("P9", mobile);
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing form = browser.submit(details(browser, username), "#nhs-details-change-mobile", Map.of());
        int textsBefore = new SmsInbox(sandpit).sentTo(mobile).size();
        Citizen.Landing code = browser.submit(form, "#nhs-details-change-form", Map.of("mobile", mobile));
        assertThat(new SmsInbox(sandpit).sentTo(mobile)).as("a code even to the 2FA mobile").hasSize(textsBefore + 1);
        java.time.Instant before = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        Citizen.Landing done = browser.enterSmsCode(code, new SmsInbox(sandpit).latestCode(mobile));

        assertThat(text(done.page(), "nhs-notice")).contains("Your mobile phone number has been updated");
        assertThat(contact(pds.record(RHYS)).mobile()).isEqualTo(mobile);
        assertThat(admin.attribute(username, "phone_number_pds_matched")).as("ADR 0011 (1)").isEqualTo("true");
        assertThat(admin.attribute(username, "phone_number_pds_matched_number")).isEqualTo(mobile);
        assertThat(java.time.Instant.parse(admin.attribute(username, "phone_number_pds_matched_at")))
                .isAfterOrEqualTo(before);
    }

    @Test
    void aRefusedMobileChangesNothingAndAProvedNumberIsNotTakenForAnother() {
        String oldMobile = TestMobiles.next();
        String username = citizen("P9", oldMobile);
        String proved = TestMobiles.next();
        String other = TestMobiles.next();
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing form = browser.submit(details(browser, username), "#nhs-details-change-mobile", Map.of());
        Citizen.Landing code = browser.submit(form, "#nhs-details-change-form", Map.of("mobile", proved));
        stubs.add(sandpit.pds().server().stubFor(patch(urlPathEqualTo(Sandpit.PDS_FHIR_PATH + "/Patient/" + RHYS))
                .atPriority(1).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/fhir+json")
                        .withBody("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                                + "\"code\":\"value\",\"details\":{\"coding\":[{\"code\":\"INVALID_VALUE\"}]}}]}"))));

        Citizen.Landing refused = browser.enterSmsCode(code, new SmsInbox(sandpit).latestCode(proved));

        assertThat(text(refused.page(), "nhs-error-summary")).contains("could not accept these details");
        assertThat(admin.attribute(username, "phone_number")).isEqualTo(oldMobile);
        assertThat(admin.attribute(username, "phone_number_pds_matched")).isNotEqualTo("true");
        sandpit.pds().server().removeStub(stubs.remove(0));
        int updatesBefore = pds.updatesTo(RHYS).size();

        Citizen.Landing another = browser.submit(refused, "#nhs-details-change-form", Map.of("mobile", other));

        assertThat(another.page().selectFirst(Citizen.SMS_CODE_FORM)).as("a code for the other number first").isNotNull();
        assertThat(new SmsInbox(sandpit).sentTo(other)).hasSize(1);
        assertThat(pds.updatesTo(RHYS)).as("nothing sent for it before its code").hasSize(updatesBefore);
        assertThat(admin.attribute(username, "phone_number")).isEqualTo(oldMobile);
    }

    /**
     * The "done when", with the sandpit's own P9 citizen (Aisha PATEL, 9990000018) through the P9 partner:
     * address and mobile changed, the stand-in at two versions on, the partner's token carrying the new number. Her
     * mobile and its match are put back afterwards, as other tests sign her in by it.
     */
    @Test
    void inTheSandpitTheP9CitizenChangesAddressAndMobileAndThePartnersTokenCarriesTheNewNumber() {
        String aisha = "p9.citizen@sandpit.example";
        ObjectNodeView was = new ObjectNodeView(admin.user(aisha));
        JsonNode before = pds.record("9990000018");
        String newMobile = TestMobiles.next();
        Partner partner = Partner.gpServices(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid profile phone",
                Map.of("kc_action", "nhs-your-details"));
        Citizen browser = new Citizen(sandpit);
        try {
            Citizen.Landing summary = browser.signIn(request.uri(), aisha, "sandpit-password");
            assertThat(text(summary.page(), "nhs-details-name")).isEqualTo("Aisha PATEL");
            Citizen.Landing address = browser.submit(browser.submit(summary, "#nhs-details-change-address", Map.of()),
                    "#nhs-details-change-form", address("Flat 4", "18 Park Row", "LS1 5HD"));
            assertThat(text(address.page(), "nhs-notice")).contains("Your address has been updated");
            Citizen.Landing code = browser.submit(browser.submit(address, "#nhs-details-change-mobile", Map.of()),
                    "#nhs-details-change-form", Map.of("mobile", TestMobiles.typed(newMobile)));
            Citizen.Landing mobile = browser.enterSmsCode(code, new SmsInbox(sandpit).latestCode(newMobile));
            assertThat(text(mobile.page(), "nhs-notice")).contains("Your mobile phone number has been updated");

            JsonNode after = pds.record("9990000018");
            assertThat(PdsStandIn.version(after)).isEqualTo(PdsStandIn.version(before) + 2);
            assertThat(contact(after)).isEqualTo(new PdsContactDetails(List.of("Flat 4", "18 Park Row"), "LS1 5HD",
                    newMobile, null));

            Citizen.Landing back = browser.submit(mobile, "#nhs-details-form", Map.of());
            JsonNode tokens = Partner.json(partner.redeem(partner.code(request, back.redirect()),
                    request.codeVerifier()));
            JsonNode userinfo = Partner.json(partner.userinfo(tokens.path("access_token").asText()));
            assertThat(userinfo.path("phone_number").asText()).isEqualTo(newMobile);
            assertThat(userinfo.path("phone_number_pds_matched").asBoolean()).as("a number the page introduced")
                    .isFalse();
            assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).startsWith("P9");
        } finally {
            com.fasterxml.jackson.databind.node.ObjectNode user = admin.user(aisha);
            com.fasterxml.jackson.databind.node.ObjectNode attributes = user.withObjectProperty("attributes");
            for (String name : List.of("phone_number", "phone_number_pds_matched")) {
                attributes.set(name, was.user().path("attributes").path(name));
            }
            attributes.remove(List.of("phone_number_pds_matched_number", "phone_number_pds_matched_at"));
            assertThat(admin.updateUser(user).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void aP9CitizenChangesTheirEmailWithACodeToTheNewAddressAndSignsInWithIt() {
        String username = citizen("P9", TestMobiles.next());
        String newEmail = "details-" + UUID.randomUUID().toString().substring(0, 8) + "@new.example";
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing form = browser.submit(details(browser, username), "#nhs-details-change-email", Map.of());

        Citizen.Landing taken = browser.submit(form, "#nhs-details-change-form", Map.of("email", "p9.citizen@sandpit.example"));
        assertThat(text(taken.page(), "nhs-error-summary")).contains("already used by another NHS login");

        Citizen.Landing code = browser.submit(taken, "#nhs-details-change-form", Map.of("email", newEmail));
        assertThat(code.page().text()).contains(newEmail);
        Mailbox mailbox = new Mailbox(sandpit);
        assertThat(mailbox.countTo(username)).as("nothing to the old address").isZero();
        Citizen.Landing done = browser.enterSmsCode(code, mailbox.latestCodeTo(newEmail));

        assertThat(text(done.page(), "nhs-notice")).contains("Your email address has been updated");
        assertThat(contact(pds.record(RHYS)).email()).isEqualTo(newEmail);
        citizens.add(newEmail);
        ObjectNodeView user = new ObjectNodeView(admin.user(newEmail));
        assertThat(user.text("email")).isEqualTo(newEmail);
        assertThat(user.text("username")).as("the realm signs in by email").isEqualTo(newEmail);
        assertThat(admin.exists(username)).isFalse();
    }

    @Test
    void nothingChangedSendsNothingAndSaysSo() {
        int updatesBefore = pds.updatesTo(RHYS).size();
        double avoidedBefore = metric("nhs_pds_updates_total{outcome=\"unchanged\"");
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing form = browser.submit(details(browser, citizen("P9", TestMobiles.next())),
                "#nhs-details-change-address", Map.of());

        Citizen.Landing done = browser.submit(form, "#nhs-details-change-form", Map.of());

        assertThat(text(done.page(), "nhs-notice")).contains("Nothing was changed");
        assertThat(pds.updatesTo(RHYS)).hasSize(updatesBefore);
        assertThat(metric("nhs_pds_updates_total{outcome=\"unchanged\"")).as("a write avoided, counted")
                .isEqualTo(avoidedBefore + 1);
    }

    @Test
    void someoneElsesUpdateInBetweenIsShownAndTheChangeSavedAgainstTheNewVersion() {
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing form = browser.submit(details(browser, citizen("P9", TestMobiles.next())),
                "#nhs-details-change-address", Map.of());
        JsonNode seen = pds.record(RHYS);

        // The GP surgery's system updates the address meanwhile.
        com.fasterxml.jackson.databind.node.ArrayNode theirs = new PdsContactDetails(List.of("Flat 2", "9 Quay Street"),
                "SA1 1AB", contact(seen).mobile(), contact(seen).email()).patchFrom(seen, LocalDate.now(ZoneOffset.UTC));
        assertThat(pds.update(RHYS, pds.patientAccess(RHYS), "W/\"" + PdsStandIn.version(seen) + "\"", theirs)
                .statusCode()).isEqualTo(200);

        Map<String, String> mine = address("12 Marina Walk", "Swansea", "SA1 3XL");
        Citizen.Landing meanwhile = browser.submit(form, "#nhs-details-change-form", mine);
        Document page = meanwhile.page();
        assertThat(page.getElementById("nhs-details-changed-meanwhile")).isNotNull();
        assertThat(text(page, "nhs-details-now")).contains("9 Quay Street").contains("SA1 1AB");
        assertThat(page.getElementById("address-line-1").val()).as("the citizen's change, kept")
                .isEqualTo("12 Marina Walk");
        assertThat(contact(pds.record(RHYS)).homeLines()).containsExactly("Flat 2", "9 Quay Street");

        Citizen.Landing done = browser.submit(meanwhile, "#nhs-details-change-form", Map.of());
        assertThat(text(done.page(), "nhs-notice")).contains("Your address has been updated");
        JsonNode after = pds.record(RHYS);
        assertThat(PdsStandIn.version(after)).isEqualTo(PdsStandIn.version(seen) + 2);
        assertThat(contact(after).homeLines()).containsExactly("12 Marina Walk", "Swansea");
    }

    @Test
    void pdsDownMidUpdateWritesNothingAnywhereAndTheProvedNumberIsSavedLaterWithoutASecondCode() {
        String oldMobile = TestMobiles.next();
        String username = citizen("P9", oldMobile);
        String newMobile = TestMobiles.next();
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing form = browser.submit(details(browser, username), "#nhs-details-change-mobile", Map.of());
        Citizen.Landing code = browser.submit(form, "#nhs-details-change-form", Map.of("mobile", newMobile));
        JsonNode before = pds.record(RHYS);
        int updatesBefore = pds.updatesTo(RHYS).size();
        stubs.add(sandpit.pds().server().stubFor(patch(urlPathEqualTo(Sandpit.PDS_FHIR_PATH + "/Patient/" + RHYS))
                .atPriority(1).willReturn(aResponse().withStatus(503))));

        Citizen.Landing down = browser.enterSmsCode(code, new SmsInbox(sandpit).latestCode(newMobile));

        assertThat(text(down.page(), "nhs-error-summary")).contains("cannot update your details right now");
        assertThat(down.page().getElementById("mobile").val()).isEqualTo(newMobile);
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> tries = sandpit.pds().server().findAll(
                patchRequestedFor(urlPathEqualTo(Sandpit.PDS_FHIR_PATH + "/Patient/" + RHYS))).stream()
                .sorted(java.util.Comparator.comparing(
                        com.github.tomakehurst.wiremock.verification.LoggedRequest::getLoggedDate)).toList();
        assertThat(tries).hasSize(updatesBefore + 2);
        assertThat(tries.get(tries.size() - 2).getHeader("X-Request-ID")).as("the retry after a 503 is the same request")
                .isEqualTo(tries.get(tries.size() - 1).getHeader("X-Request-ID"));
        assertThat(PdsStandIn.version(pds.record(RHYS))).isEqualTo(PdsStandIn.version(before));
        assertThat(admin.attribute(username, "phone_number")).isEqualTo(oldMobile);
        assertThat(admin.attribute(username, "phone_number_pds_matched")).isNotEqualTo("true");

        sandpit.pds().server().removeStub(stubs.remove(0));
        Citizen.Landing done = browser.submit(down, "#nhs-details-change-form", Map.of());
        assertThat(text(done.page(), "nhs-notice")).contains("Your mobile phone number has been updated");
        assertThat(new SmsInbox(sandpit).sentTo(newMobile)).as("one code, proved once").hasSize(1);
        assertThat(admin.attribute(username, "phone_number")).isEqualTo(newMobile);
        assertThat(contact(pds.record(RHYS)).mobile()).isEqualTo(newMobile);
    }

    @Test
    void aP5CitizenSeesNothingToChangeAndAForgedChangeOpensNoForm() {
        int updatesBefore = pds.updatesTo(RHYS).size();
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing summary = details(browser, citizen("P5", TestMobiles.next()));
        Document page = summary.page();
        assertThat(page.select("form[id^=nhs-details-change]")).isEmpty();
        assertThat(text(page, "nhs-details-reach-p9")).contains("prove who you are to a higher level");

        Citizen.Landing forged = browser.post(summary, "#nhs-details-form", Map.of("change", "address"));
        assertThat(forged.page().getElementById("nhs-details-change-form")).isNull();
        Map<String, String> forgedSave = address("1 Forged Road", "", "LS1 4AP");
        forgedSave.put("save", "true");
        Citizen.Landing saved = browser.post(forged, "#nhs-details-form", forgedSave);
        assertThat(saved.page().getElementById("nhs-details")).isNotNull();
        assertThat(pds.updatesTo(RHYS)).hasSize(updatesBefore);
    }

    @Test
    void thePageNeedsTheSecurityCodeAndNoTokenAnUpdateUsesReachesTheLog() throws Exception {
        String username = citizen("P9", TestMobiles.next());
        Partner partner = Partner.healthInformation(sandpit);
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing codePage = browser.signInWithPassword(partner.authorize("openid",
                Map.of("kc_action", "nhs-your-details")).uri(), username, AdminApi.TEST_PASSWORD);
        assertThat(codePage.page().selectFirst(Citizen.SMS_CODE_FORM)).isNotNull();
        Citizen.Landing skipped = browser.post(codePage, Citizen.SMS_CODE_FORM, Map.of("change", "address"));
        assertThat(skipped.page().getElementById("nhs-details")).as("no details before the code").isNull();
        assertThat(skipped.page().getElementById("nhs-details-change-form")).isNull();

        // An update of its own (another citizen, another browser), so the journal holds this test's exchange.
        int exchangedBefore = pds.exchangedTokens().size();
        Citizen updater = new Citizen(sandpit);
        Citizen.Landing form = updater.submit(details(updater, citizen("P9", TestMobiles.next())),
                "#nhs-details-change-address", Map.of());
        assertThat(text(updater.submit(form, "#nhs-details-change-form",
                address(UUID.randomUUID().toString().substring(0, 6) + " Log Lane", "Swansea", "SA1 1AA")).page(),
                "nhs-notice")).contains("Your address has been updated");
        List<String> tokens = new ArrayList<>(pds.exchangedTokens());
        assertThat(tokens).as("this update exchanged an ID token").hasSizeGreaterThan(exchangedBefore);
        tokens.addAll(pds.exchangedIdTokens());
        String log = Files.readString(sandpit.keycloakLog());
        for (String token : tokens) {
            assertThat(log).doesNotContain(token);
        }
        assertThat(log).doesNotContain(RHYS);
    }

    private double metric(String prefix) {
        return new org.nhsloginkeycloak.it.support.Http().get(sandpit.managementUrl().resolve("/metrics")).body()
                .lines().filter(line -> line.startsWith(prefix)).mapToDouble(line ->
                        Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** A user representation's top-level text fields. */
    private record ObjectNodeView(JsonNode user) {
        String text(String field) {
            return user.path(field).asText();
        }
    }
}
