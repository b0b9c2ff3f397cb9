package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.connectors.pds.PdsContactDetails;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.PdsStandIn;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * The PDS client's update patches, as the sandpit's PDS stand-in takes them (it applies them the way PDS does and
 * refuses what PDS refuses): a patch from {@link PdsContactDetails} is accepted, moves the version on, and the next
 * read holds exactly the details asked for; a patch back restores them. Gareth PRICE's record (no telecom at first),
 * which no other test reads.
 */
@ExtendWith(SandpitExtension.class)
class PdsUpdatePatchIT {

    private static final String GARETH = "9990001022";

    private PdsStandIn pds;

    @BeforeEach
    void standIn(Sandpit sandpit) {
        pds = new PdsStandIn(sandpit);
    }

    @Test
    void aPatchFromTheWantedDetailsIsTakenAndThePatchBackRestoresThem() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String token = pds.patientAccess(GARETH);
        HttpResponse<String> first = pds.read(GARETH);
        JsonNode original = Json.parse(first.body());
        PdsContactDetails before = PdsContactDetails.of(original, today);
        assertThat(before.mobile()).isNull();
        assertThat(before.patchFrom(original, today)).as("nothing changed, nothing to send").isEmpty();

        PdsContactDetails wanted = new PdsContactDetails(List.of("7 Harbour View", "Swansea"), "SA1 8AB",
                "07700 900777", "gareth@example.org");
        ArrayNode patches = wanted.patchFrom(original, today);
        assertThat(patches).extracting(op -> op.path("op").asText() + " " + op.path("path").asText())
                .containsExactly("replace /address/0", "add /telecom/-", "add /telecom/-");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> updated = pds.update(GARETH, token, etag, patches);
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(updated.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));

        HttpResponse<String> second = pds.read(GARETH);
        JsonNode now = Json.parse(second.body());
        assertThat(PdsContactDetails.of(now, today)).isEqualTo(wanted);
        assertThat(wanted.patchFrom(now, today)).as("the record is what was asked for").isEmpty();
        assertThat(now.path("name").path(0).path("family").asText()).isEqualTo("PRICE");

        ArrayNode back = before.patchFrom(now, today);
        assertThat(back).extracting(op -> op.path("op").asText()).containsExactly("replace", "test", "remove", "test",
                "remove");
        HttpResponse<String> restored = pds.update(GARETH, token, second.headers().firstValue("ETag").orElseThrow(), back);
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(PdsContactDetails.of(pds.record(GARETH), today)).isEqualTo(before);
    }
}
