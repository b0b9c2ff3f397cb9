package org.nhsloginkeycloak.connectors.pds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a patient may change on their own PDS record in patient-access mode (the team's {@code pds-fhir-contract.md}
 * §7): their home address, their mobile number and their email address. Name, date of birth and gender are not here:
 * PDS refuses them from a patient. {@code toString} leaves every value out.
 *
 * @param homeLines the home address without its postcode, at most 5 lines; empty for none
 * @param postcode the home address's postcode, e.g. {@code CF10 1AA}
 * @param mobile the mobile number as the citizen gave it; {@code null} for none
 * @param email {@code null} for none
 */
public record PdsContactDetails(List<String> homeLines, String postcode, String mobile, String email) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public PdsContactDetails {
        homeLines = homeLines == null ? List.of() : homeLines.stream().map(String::trim).filter(line -> !line.isEmpty())
                .toList();
        postcode = blankToNull(postcode);
        mobile = blankToNull(mobile);
        email = blankToNull(email);
    }

    /** The details as {@code record} (a PDS Patient resource) holds them on {@code today}. */
    public static PdsContactDetails of(JsonNode record, LocalDate today) {
        JsonNode home = current(record.path("address"), today, item -> "home".equals(item.path("use").asText()));
        List<String> lines = new ArrayList<>();
        if (home != null) {
            home.path("line").forEach(line -> lines.add(line.asText()));
        }
        JsonNode mobile = current(record.path("telecom"), today, PdsContactDetails::isMobile);
        JsonNode email = current(record.path("telecom"), today, PdsContactDetails::isEmail);
        return new PdsContactDetails(lines, home == null ? null : home.path("postalCode").asText(null),
                mobile == null ? null : mobile.path("value").asText(null),
                email == null ? null : email.path("value").asText(null));
    }

    /**
     * The JSON Patch operations, for PDS's {@code {"patches": [...]}}, that take {@code record} to these details: only
     * what changed, each item whole (replaced with its own {@code id}, added at {@code /-} without one, removed
     * straight after a {@code test} of its {@code id}), replaces first, then adds, then removes from the highest index
     * down, so every index still points where it did. Empty when nothing changed: then nothing is sent at all.
     */
    public ArrayNode patchFrom(JsonNode record, LocalDate today) {
        PdsContactDetails now = of(record, today);
        List<ObjectNode> replaces = new ArrayList<>();
        List<ObjectNode> adds = new ArrayList<>();
        List<Removal> removes = new ArrayList<>();
        if (!sameAddress(now)) {
            int at = index(record.path("address"), today, item -> "home".equals(item.path("use").asText()));
            ObjectNode address = JSON.createObjectNode().put("use", "home");
            ArrayNode line = address.putArray("line");
            homeLines.forEach(line::add);
            if (postcode != null) {
                address.put("postalCode", postcode);
            }
            address.putObject("period").put("start", today.toString());
            if (at < 0) {
                if (!homeLines.isEmpty() || postcode != null) {
                    adds.add(op("add", "/address/-").set("value", address));
                }
            } else if (homeLines.isEmpty() && postcode == null) {
                removes.add(new Removal(record, "address", at));
            } else {
                ObjectNode whole = JSON.createObjectNode().put("id", record.path("address").path(at).path("id").asText());
                whole.setAll(address);
                replaces.add(op("replace", "/address/" + at).set("value", whole));
            }
        }
        telecom(record, today, "phone", "mobile", mobile, sameMobile(now.mobile(), mobile), replaces, adds, removes);
        telecom(record, today, "email", "home", email, sameEmail(now.email(), email), replaces, adds, removes);
        ArrayNode patches = JSON.createArrayNode();
        replaces.forEach(patches::add);
        adds.forEach(patches::add);
        // Highest index first within each list, as PDS asks; the two lists do not move each other's indexes.
        removes.sort(java.util.Comparator.comparing(Removal::field)
                .thenComparing(Removal::index, java.util.Comparator.reverseOrder()));
        for (Removal removal : removes) {
            String path = "/" + removal.field() + "/" + removal.index();
            patches.add(op("test", path + "/id").put("value", removal.id()));
            patches.add(op("remove", path));
        }
        return patches;
    }

    private static void telecom(JsonNode record, LocalDate today, String system, String use, String after,
            boolean same, List<ObjectNode> replaces, List<ObjectNode> adds, List<Removal> removes) {
        if (same) {
            return;
        }
        java.util.function.Predicate<JsonNode> kind = system.equals("email") ? PdsContactDetails::isEmail
                : PdsContactDetails::isMobile;
        int at = index(record.path("telecom"), today, kind);
        if (after == null) {
            if (at >= 0) {
                removes.add(new Removal(record, "telecom", at));
            }
            return;
        }
        if (at < 0) {
            ObjectNode value = JSON.createObjectNode().put("system", system).put("use", use).put("value", after);
            value.putObject("period").put("start", today.toString());
            adds.add(op("add", "/telecom/-").set("value", value));
            return;
        }
        JsonNode existing = record.path("telecom").path(at);
        // The same system and use as the item it replaces (PDS refuses a replace that changes either).
        ObjectNode value = JSON.createObjectNode().put("id", existing.path("id").asText()).put("system", system)
                .put("use", existing.path("use").asText(use)).put("value", after);
        value.putObject("period").put("start", today.toString());
        replaces.add(op("replace", "/telecom/" + at).set("value", value));
    }

    private boolean sameAddress(PdsContactDetails now) {
        return now.homeLines().equals(homeLines) && Objects.equals(compact(now.postcode()), compact(postcode));
    }

    private static boolean sameMobile(String a, String b) {
        return Objects.equals(ukDigits(a), ukDigits(b));
    }

    private static boolean sameEmail(String a, String b) {
        return Objects.equals(a == null ? null : a.trim().toLowerCase(Locale.ROOT),
                b == null ? null : b.trim().toLowerCase(Locale.ROOT));
    }

    /** A UK number's digits in national form, so {@code +44 7700 900100}, {@code 00447700900100} and {@code 07700900100} agree. */
    static String ukDigits(String number) {
        if (number == null) {
            return null;
        }
        String digits = number.replaceAll("[^0-9+]", "");
        if (digits.startsWith("+44")) {
            return "0" + digits.substring(3);
        }
        if (digits.startsWith("0044")) {
            return "0" + digits.substring(4);
        }
        return digits.replace("+", "");
    }

    private static String compact(String postcode) {
        return postcode == null ? null : postcode.replace(" ", "").toUpperCase(Locale.ROOT);
    }

    private static boolean isMobile(JsonNode telecom) {
        return "phone".equals(telecom.path("system").asText()) && "mobile".equals(telecom.path("use").asText());
    }

    private static boolean isEmail(JsonNode telecom) {
        return "email".equals(telecom.path("system").asText());
    }

    private static JsonNode current(JsonNode list, LocalDate today, java.util.function.Predicate<JsonNode> kind) {
        int at = index(list, today, kind);
        return at < 0 ? null : list.get(at);
    }

    /** The index of the current item of this kind (no end, or an end not before today); -1 for none. */
    private static int index(JsonNode list, LocalDate today, java.util.function.Predicate<JsonNode> kind) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String end = item.path("period").path("end").asText("");
            boolean current;
            try {
                current = end.isEmpty() || !LocalDate.parse(end).isBefore(today);
            } catch (java.time.format.DateTimeParseException e) {
                current = true;
            }
            if (current && kind.test(item)) {
                return i;
            }
        }
        return -1;
    }

    /** An item to remove: its list, its index in the record as read, and its id for the test before it. */
    private record Removal(String field, int index, String id) {

        Removal(JsonNode record, String field, int index) {
            this(field, index, record.path(field).path(index).path("id").asText());
        }
    }

    private static ObjectNode op(String op, String path) {
        return JSON.createObjectNode().put("op", op).put("path", path);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "PdsContactDetails[lines=" + homeLines.size() + ", postcode=" + (postcode != null) + ", mobile="
                + (mobile != null) + ", email=" + (email != null) + "]";
    }
}
