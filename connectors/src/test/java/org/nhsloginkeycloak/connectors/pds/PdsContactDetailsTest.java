package org.nhsloginkeycloak.connectors.pds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The patch from a PDS record to the details a patient wants, on the stand-in's own records: only what changed, each
 * item whole and named by its id, in the order PDS applies them.
 */
class PdsContactDetailsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PATIENTS = Path.of("../sandpit/src/main/resources/stubs/pds/__files/patients");
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

    private static JsonNode patient(String nhsNumber) throws IOException {
        return JSON.readTree(PATIENTS.resolve(nhsNumber + ".json").toFile());
    }

    /** Ffion: home address A1, mobile T1 07700 900100, no email. */
    private static final String FFION = "9990001006";
    /** Siân: a home phone T1, an ended mobile T2, the current mobile T3, an email T4. */
    private static final String SIAN = "9990001030";

    @Test
    void theDetailsOfARecordAreItsCurrentHomeAddressMobileAndEmail() throws IOException {
        PdsContactDetails sian = PdsContactDetails.of(patient(SIAN), TODAY);
        assertThat(sian.mobile()).as("the current one, not the ended one").isEqualTo("+44 7700 900302");
        assertThat(sian.email()).isNotNull();
        assertThat(sian.postcode()).isEqualTo("LL57 2DG");
        assertThat(sian.homeLines()).containsExactly("1 Example Street", "Example Town");
        assertThat(sian.toString()).doesNotContain("7700").doesNotContain("LL57").doesNotContain("Example");
    }

    @Test
    void theSameDetailsWrittenAnotherWayAreNoChangeAndSendNothing() throws IOException {
        PdsContactDetails same = new PdsContactDetails(List.of(" 1 Example Street", "Example Town", ""), "cf101aa ",
                "+447700900100", null);
        assertThat(same.patchFrom(patient(FFION), TODAY)).isEmpty();
    }

    @Test
    void aNewHomeAddressReplacesTheOldOneWholeUnderItsId() throws IOException {
        ArrayNode patch = new PdsContactDetails(List.of("2 New Street", "Cardiff"), "CF10 2BB", "07700 900100", null)
                .patchFrom(patient(FFION), TODAY);
        assertThat(patch).hasSize(1);
        assertThat(patch.path(0).path("op").asText()).isEqualTo("replace");
        assertThat(patch.path(0).path("path").asText()).isEqualTo("/address/0");
        JsonNode value = patch.path(0).path("value");
        assertThat(value.path("id").asText()).isEqualTo("A1");
        assertThat(value.path("use").asText()).isEqualTo("home");
        assertThat(value.path("line")).extracting(JsonNode::asText).containsExactly("2 New Street", "Cardiff");
        assertThat(value.path("postalCode").asText()).isEqualTo("CF10 2BB");
        assertThat(value.path("period").path("start").asText()).isEqualTo("2026-12-04");
    }

    @Test
    void aNewMobileReplacesTheCurrentOneAndLeavesTheEndedOne() throws IOException {
        PdsContactDetails now = PdsContactDetails.of(patient(SIAN), TODAY);
        ArrayNode patch = new PdsContactDetails(now.homeLines(), now.postcode(), "07700 900999", now.email())
                .patchFrom(patient(SIAN), TODAY);
        assertThat(patch).hasSize(1);
        assertThat(patch.path(0).path("path").asText()).isEqualTo("/telecom/2");
        assertThat(patch.path(0).path("value").path("id").asText()).isEqualTo("T3");
        assertThat(patch.path(0).path("value").path("system").asText()).isEqualTo("phone");
        assertThat(patch.path(0).path("value").path("use").asText()).isEqualTo("mobile");
        assertThat(patch.path(0).path("value").path("value").asText()).isEqualTo("07700 900999");
    }

    @Test
    void aFirstEmailIsAddedAtTheEndWithoutAnId() throws IOException {
        ArrayNode patch = new PdsContactDetails(List.of("1 Example Street", "Example Town"), "CF10 1AA",
                "07700 900100", "ffion@example.org").patchFrom(patient(FFION), TODAY);
        assertThat(patch).hasSize(1);
        assertThat(patch.path(0).path("op").asText()).isEqualTo("add");
        assertThat(patch.path(0).path("path").asText()).isEqualTo("/telecom/-");
        assertThat(patch.path(0).path("value").has("id")).isFalse();
        assertThat(patch.path(0).path("value").path("system").asText()).isEqualTo("email");
    }

    @Test
    void removalsEachFollowATestOfTheirIdFromTheHighestIndexDownAfterTheOtherChanges() throws IOException {
        PdsContactDetails now = PdsContactDetails.of(patient(SIAN), TODAY);
        ArrayNode patch = new PdsContactDetails(List.of("3 Other Road"), now.postcode(), null, null)
                .patchFrom(patient(SIAN), TODAY);
        assertThat(patch).extracting(op -> op.path("op").asText() + " " + op.path("path").asText())
                .containsExactly("replace /address/0", "test /telecom/3/id", "remove /telecom/3",
                        "test /telecom/2/id", "remove /telecom/2");
        assertThat(patch.path(1).path("value").asText()).isEqualTo("T4");
        assertThat(patch.path(3).path("value").asText()).isEqualTo("T3");
    }

    @Test
    void ukNumbersAgreeWhateverTheirForm() {
        assertThat(PdsContactDetails.ukDigits("+44 7700 900100")).isEqualTo("07700900100");
        assertThat(PdsContactDetails.ukDigits("00447700900100")).isEqualTo("07700900100");
        assertThat(PdsContactDetails.ukDigits("07700 900100")).isEqualTo("07700900100");
    }
}
