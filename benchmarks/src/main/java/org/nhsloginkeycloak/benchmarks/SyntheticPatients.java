package org.nhsloginkeycloak.benchmarks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Metadata;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * Patients made up for the benchmark and served by the PDS stand-in as its own synthetic patients are (mappings
 * README): a non-fuzzy search with the family and first given name in any case, the exact date of birth and the
 * postcode in any case and spacing answers a searchset with the one record. Each has an NHS number of its own in the
 * 999 test range (Modulus 11), a name no other stub answers to, and as its only mobile, written in national form as
 * PDS often holds it, the mobile of the citizen it belongs to.
 *
 * <p>They are stubs in the stand-in's WireMock, registered before a phase and removed after it: WireMock tries its
 * mappings one by one, and a few hundred keep its answer as quick as for its own patients, where thousands would not.
 */
final class SyntheticPatients {

    /** A patient, and what their citizen types into the uplift form. */
    record Patient(String nhsNumber, String givenName, String familyName, LocalDate birthDate, String postcode,
            String mobileNational) {

        Map<String, String> upliftForm() {
            // Typed as people do: names in their own case, the postcode in lower case without a space.
            String family = familyName.charAt(0) + familyName.substring(1).toLowerCase(java.util.Locale.ROOT);
            return Map.of("given-name", givenName, "family-name", family,
                    "dob-day", String.valueOf(birthDate.getDayOfMonth()),
                    "dob-month", String.valueOf(birthDate.getMonthValue()),
                    "dob-year", String.valueOf(birthDate.getYear()),
                    "postcode", postcode.replace(" ", "").toLowerCase(java.util.Locale.ROOT), "nhs-number", "");
        }
    }

    /** Below the stand-in's own patients' range (999 000 1xxx) and its citizens' (999 000 00xx). */
    private static final long FIRST_NHS_NUMBER_STEM = 999_200_000L;
    private static final List<String> GIVEN_NAMES = List.of("Alex", "Sam", "Rhiannon", "Jordan", "Priya", "Tomasz",
            "Grace", "Olu");
    private static final List<String> POSTCODES = List.of("CF10 1AA", "LS1 4AP", "SA1 1AA", "M1 1AA", "B1 1AA",
            "LL57 2DG", "NP20 1AA");
    private static final String TAG = "benchmark-patient";
    /** The stand-in's own patients' priority: behind its missing X-Request-ID check and its faults. */
    private static final int PATIENT_PRIORITY = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer pds;

    SyntheticPatients(WireMockServer pds) {
        this.pds = pds;
    }

    /** The {@code index}-th patient of the run, for a citizen whose verified mobile is {@code mobileE164}. */
    static Patient patient(int index, String mobileE164) {
        return new Patient(nhsNumber(index), GIVEN_NAMES.get(index % GIVEN_NAMES.size()), "BENCH-" + letters(index),
                LocalDate.of(1950, 1, 1).plusDays(index * 37L % 20_000), POSTCODES.get(index % POSTCODES.size()),
                "0" + mobileE164.substring(3, 7) + " " + mobileE164.substring(7));
    }

    /** Serves {@code patients}, each answer after {@code latency} as a slow PDS's would come. */
    void serve(List<Patient> patients, Duration latency) {
        for (Patient patient : patients) {
            pds.stubFor(get(urlPathEqualTo(Sandpit.PDS_FHIR_PATH + "/Patient")).atPriority(PATIENT_PRIORITY)
                    .withQueryParam("family", equalToIgnoreCase(patient.familyName()))
                    .withQueryParam("given", equalToIgnoreCase(patient.givenName()))
                    .withQueryParam("birthdate", equalTo("eq" + patient.birthDate()))
                    .withQueryParam("_max-results", equalTo("1"))
                    .withQueryParam("address-postalcode", matching("(?i)" + patient.postcode().replace(" ", "\\s*")))
                    .withMetadata(Metadata.metadata().attr(TAG, true))
                    .willReturn(aResponse().withStatus(200).withFixedDelay((int) latency.toMillis())
                            .withHeader("Content-Type", "application/fhir+json")
                            .withHeader("X-Request-ID", "{{request.headers.X-Request-ID}}")
                            .withTransformers("response-template")
                            .withBody(searchset(patient))));
        }
    }

    void removeAll() {
        pds.removeStubsByMetadata(matchingJsonPath("$." + TAG));
    }

    /**
     * The {@code index}-th ten-digit number from 999 200 000x whose Modulus 11 check digit exists (weights 10 to 2 on
     * the first nine digits; a result of 10 means no number starts that way, 11 is written 0).
     */
    static String nhsNumber(int index) {
        int found = -1;
        for (long stem = FIRST_NHS_NUMBER_STEM; ; stem++) {
            String digits = Long.toString(stem);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (digits.charAt(i) - '0') * (10 - i);
            }
            int check = (11 - sum % 11) % 11;
            if (check != 10 && ++found == index) {
                return digits + check;
            }
        }
    }

    /** Four letters from {@code index}: AAAA, AAAB, ... so every family name is different. */
    private static String letters(int index) {
        StringBuilder letters = new StringBuilder();
        int rest = index;
        for (int i = 0; i < 4; i++) {
            letters.insert(0, (char) ('A' + rest % 26));
            rest /= 26;
        }
        return letters.toString();
    }

    /** PDS's answer to a unique match, in the shape of the stand-in's own {@code search/9990001006.json}. */
    private static String searchset(Patient patient) {
        ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset")
                .put("total", 1);
        ObjectNode entry = bundle.putArray("entry").addObject()
                .put("fullUrl", "https://api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/" + patient.nhsNumber());
        entry.putObject("search").put("score", 1);
        ObjectNode resource = entry.putObject("resource").put("resourceType", "Patient").put("id", patient.nhsNumber());
        resource.putArray("identifier").addObject().put("system", "https://fhir.nhs.uk/Id/nhs-number")
                .put("value", patient.nhsNumber());
        ObjectNode meta = resource.putObject("meta").put("versionId", "1");
        meta.putArray("security").addObject().put("system", "http://terminology.hl7.org/CodeSystem/v3-Confidentiality")
                .put("code", "U").put("display", "unrestricted");
        ObjectNode name = resource.putArray("name").addObject().put("id", "N1").put("use", "usual")
                .put("family", patient.familyName());
        name.putObject("period").put("start", "2010-01-01");
        name.putArray("given").add(patient.givenName());
        resource.put("gender", "unknown").put("birthDate", patient.birthDate().toString());
        ObjectNode address = resource.putArray("address").addObject().put("id", "A1").put("use", "home")
                .put("postalCode", patient.postcode());
        address.putObject("period").put("start", "2015-01-01");
        address.putArray("line").add("1 Example Street").add("Example Town");
        resource.putArray("telecom").addObject().put("id", "T1").put("system", "phone").put("use", "mobile")
                .put("value", patient.mobileNational());
        ObjectNode gp = resource.putArray("generalPractitioner").addObject().put("id", "G1").put("type", "Organization");
        gp.putObject("identifier").put("system", "https://fhir.nhs.uk/Id/ods-organization-code").put("value", "Y12345")
                .putObject("period").put("start", "2015-01-01");
        return bundle.toString();
    }
}
