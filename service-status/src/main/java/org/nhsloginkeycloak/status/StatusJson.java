package org.nhsloginkeycloak.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import org.nhsloginkeycloak.connectors.health.DependencyHealth;

/** An assessment as JSON: what anyone may read, and what administrators see besides. */
final class StatusJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    /** For partners' status pages: the state, the journeys affected, the operator's message. Nothing personal. */
    static ObjectNode forPublic(String realm, Assessment assessment) {
        ObjectNode json = JSON.createObjectNode();
        json.put("realm", realm);
        json.put("state", assessment.level().id());
        ArrayNode affected = json.putArray("affected");
        assessment.affected().stream().sorted(Comparator.naturalOrder()).forEach(journey -> affected.add(journey.id()));
        json.put("since", assessment.since().toString());
        OperatorMessage message = assessment.message();
        if (message == null) {
            json.putNull("message");
        } else {
            json.putObject("message").put("en", message.english()).put("cy", message.welsh())
                    .put("severity", message.severity().id()).put("expires", message.expires().toString());
        }
        return json;
    }

    /** The public view plus why, what the nodes measured together and the settings in force. */
    static ObjectNode forAdmins(Assessment assessment, StatusSettings settings) {
        ObjectNode json = JSON.createObjectNode();
        json.put("state", assessment.level().id());
        ArrayNode affected = json.putArray("affected");
        assessment.affected().stream().sorted(Comparator.naturalOrder()).forEach(journey -> affected.add(journey.id()));
        json.put("since", assessment.since().toString());
        ArrayNode reasons = json.putArray("reasons");
        assessment.reasons().forEach(reasons::add);
        if (assessment.message() != null) {
            json.set("message", forPublic("", assessment).get("message"));
        }
        ObjectNode measured = json.putObject("measured");
        measured.put("signInsPerMinute", assessment.measurements().signInsPerMinute());
        measured.put("upliftsPerMinute", assessment.measurements().upliftsPerMinute());
        ArrayNode dependencies = measured.putArray("dependencies");
        for (DependencyHealth.Snapshot dependency : assessment.measurements().dependencies()) {
            ObjectNode node = dependencies.addObject();
            node.put("name", dependency.dependency());
            node.put("circuit", dependency.circuit().name().toLowerCase());
            node.put("calls", dependency.calls());
            node.put("errorRate", dependency.errorRate());
            node.put("p95Milliseconds", dependency.p95().toMillis());
            node.put("demandPerSecond", dependency.demandPerSecond());
            if (!Double.isNaN(dependency.ceilingPerSecond())) {
                node.put("ceilingPerSecond", dependency.ceilingPerSecond());
            }
        }
        if (settings != null) {
            json.putObject("settings")
                    .put(StatusSettings.CAPACITY, settings.capacityPerMinute())
                    .put(StatusSettings.WINDOW, settings.window().toSeconds())
                    .put(StatusSettings.CALM, settings.calm().toSeconds())
                    .put(StatusSettings.ERROR_RATE, settings.errorRate())
                    .put(StatusSettings.SLOW, settings.slow().toMillis())
                    .put(StatusSettings.MIN_CALLS, settings.minCalls())
                    .put(StatusSettings.BANNER, settings.bannerEnabled());
        }
        return json;
    }
}
