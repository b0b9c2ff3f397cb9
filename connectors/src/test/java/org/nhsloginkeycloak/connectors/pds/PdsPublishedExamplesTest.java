package org.nhsloginkeycloak.connectors.pds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nhsloginkeycloak.core.NhsNumber;

/**
 * The contract test: every Patient, search Bundle and OperationOutcome that NHS England publishes for PDS (its
 * specification's examples, sandbox and test stubs, kept in this module's test resources {@code pds-published/} with
 * their licence and where they came from) is read as PDS means it. It counts what it found, so it never passes on
 * nothing.
 */
class PdsPublishedExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Path> patients = new ArrayList<>();
    private static final List<Path> searchsets = new ArrayList<>();
    private static final List<Path> outcomes = new ArrayList<>();

    @BeforeAll
    static void findThePublishedExamples() throws IOException, URISyntaxException {
        URL copy = PdsPublishedExamplesTest.class.getResource("/pds-published/LICENSE");
        if (copy == null) {
            fail("The published PDS examples are not on the test class path (connectors/src/test/resources/pds-published)");
        }
        Path data = Path.of(copy.toURI()).getParent();
        try (Stream<Path> files = Files.walk(data)) {
            // Responses only: the specification's request examples (a Patient to create) are not PDS's answers.
            for (Path file : files.filter(path -> path.toString().endsWith(".json"))
                    .filter(path -> !path.toString().contains("/requests/")).toList()) {
                JsonNode json = read(file);
                // Karate templates ("#nhsNumber", "#(diagnostics)" in place of values) are not answers either.
                if (json == null || json.path("id").asText().startsWith("#")) {
                    continue;
                }
                switch (json.path("resourceType").asText()) {
                    case "Patient" -> patients.add(file);
                    case "Bundle" -> {
                        if ("searchset".equals(json.path("type").asText()) && onlyPatients(json)) {
                            searchsets.add(file);
                        }
                    }
                    case "OperationOutcome" -> outcomes.add(file);
                    default -> { }
                }
            }
        }
        assertThat(patients).as("Patient examples found").hasSizeGreaterThan(5);
        assertThat(patients.stream().filter(file -> validId(file)).count()).as("linkable Patient examples")
                .isGreaterThan(5);
        assertThat(searchsets).as("search examples found").hasSizeGreaterThan(10);
        assertThat(outcomes).as("OperationOutcome examples found").hasSizeGreaterThan(10);
    }

    @Test
    void everyPublishedPatientIsReadWithItsNhsNumberNameAndBirthDate() throws IOException {
        for (Path file : patients) {
            JsonNode json = read(file);
            PdsAnswer answer = PdsResponses.read(200, Files.readString(file), Optional.empty());

            if (!NhsNumber.isValid(json.path("id").asText())) {
                // The sandbox has some (9000000015) that fail the Modulus 11 check: never linked to a citizen.
                assertThat(answer).as(file.toString()).isEqualTo(new PdsAnswer.Unusable(PdsAnswer.Why.UNREADABLE));
                continue;
            }
            assertThat(answer).as(file.toString()).isInstanceOf(PdsAnswer.Found.class);
            PdsPatient patient = ((PdsAnswer.Found) answer).patient();
            assertThat(patient.nhsNumber()).as(file.toString()).isEqualTo(json.path("id").asText());
            assertThat(NhsNumber.parse(patient.nhsNumber())).as(file.toString()).isNotNull();
            if (json.has("birthDate")) {
                assertThat(patient.birthDate()).as(file.toString()).hasToString(json.path("birthDate").asText());
            }
            assertThat(patient.restricted()).as(file.toString())
                    .isEqualTo(!"U".equals(json.path("meta").path("security").path(0).path("code").asText()));
            assertThat(patient.deceased()).as(file.toString())
                    .isEqualTo(json.has("deceasedDateTime") || json.path("deceasedBoolean").asBoolean(false));
            if (patient.restricted()) {
                assertThat(patient.phones()).as("a restricted patient's telecom is withheld: " + file).isEmpty();
                assertThat(patient.gpOdsCode()).as("a restricted patient's GP is withheld: " + file).isNull();
            }
        }
    }

    @Test
    void everyPublishedSearchIsAUniqueMatchNoMatchOrTooMany() throws IOException {
        for (Path file : searchsets) {
            JsonNode json = read(file);
            int entries = json.path("entry").size();

            PdsAnswer answer = PdsResponses.search(200, Files.readString(file), Optional.empty());

            boolean linkable = entries != 1
                    || NhsNumber.isValid(json.path("entry").get(0).path("resource").path("id").asText());
            Class<?> expected = entries == 0 ? PdsAnswer.NotFound.class
                    : entries > 1 ? PdsAnswer.TooManyMatches.class
                    : linkable ? PdsAnswer.Found.class : PdsAnswer.Unusable.class;
            assertThat(answer).as(file.toString()).isInstanceOf(expected);
            if (answer instanceof PdsAnswer.Found found) {
                assertThat(found.patient().nhsNumber())
                        .isEqualTo(json.path("entry").get(0).path("resource").path("id").asText());
            }
        }
    }

    @Test
    void tooManyMatchesIsTooManyAndEveryOtherOutcomeIsUnusableNeverAMatch() throws IOException {
        for (Path file : outcomes) {
            String body = Files.readString(file);
            boolean tooMany = body.contains("TOO_MANY_MATCHES");

            PdsAnswer asSearch = PdsResponses.search(200, body, Optional.empty());

            assertThat(asSearch).as(file.toString())
                    .isInstanceOf(tooMany ? PdsAnswer.TooManyMatches.class : PdsAnswer.Unusable.class);
        }
    }

    @Test
    void theRestrictedSandboxPatientComesWithoutTelecomOrGp() throws IOException {
        Path sensitive = patients.stream().filter(path -> path.getFileName().toString().equals("Sensitive_Patient.json"))
                .findFirst().orElseThrow();

        PdsPatient patient = ((PdsAnswer.Found) PdsResponses.read(200, Files.readString(sensitive), Optional.empty()))
                .patient();

        assertThat(patient.restricted()).isTrue();
        assertThat(patient.phones()).isEmpty();
        assertThat(patient.gpOdsCode()).isNull();
    }

    private static boolean validId(Path file) {
        try {
            return NhsNumber.isValid(read(file).path("id").asText());
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onlyPatients(JsonNode bundle) {
        for (JsonNode entry : bundle.path("entry")) {
            if (!"Patient".equals(entry.path("resource").path("resourceType").asText())) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode read(Path file) throws IOException {
        try {
            JsonNode json = JSON.readTree(Files.readString(file));
            return json != null && json.isObject() ? json : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Some published stubs are templates, not JSON; they are not examples of an answer.
            return null;
        }
    }
}
