package org.nhsloginkeycloak.sandpit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A PDS update in patient-access mode (NHS login P9), applied the way PDS applies it (the team's
 * {@code pds-fhir-contract.md} §7): the JSON Patch operations of {@code {"patches": [...]}} in order, on a copy, so one
 * refused operation leaves the record as it was. Only what a patient may change: their addresses, their mobile number
 * and email address (whole objects: an item is added at {@code /field/-} without an {@code id}, replaced whole with its
 * own {@code id}, removed right after a {@code test} of that item, in descending index order), emergency contacts and
 * extensions. Name, birth date, gender and the rest are {@code FORBIDDEN_UPDATE}.
 *
 * <p>Where the contract names no code for a rule, the code is ours among those it lists for PATCH: the shape of the
 * patch is {@code INVALID_UPDATE}, a field's value {@code INVALID_VALUE}.
 */
final class PdsPatch {

    /** Fields a patient may change in patient-access mode (extensions: pharmacy, place of birth, communication). */
    private static final Set<String> PATIENT_FIELDS = Set.of("address", "telecom", "contact", "extension");
    private static final Set<String> OPERATIONS = Set.of("add", "replace", "remove", "test");
    private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private PdsPatch() {
    }

    /** Why PDS refused the update: its status, Spine error code, FHIR issue type and diagnostics. */
    static final class Refused extends Exception {

        private final int status;
        private final String code;
        private final String issue;

        Refused(int status, String code, String issue, String diagnostics) {
            super(diagnostics);
            this.status = status;
            this.code = code;
            this.issue = issue;
        }

        int status() {
            return status;
        }

        String code() {
            return code;
        }

        String issue() {
            return issue;
        }
    }

    /** The record after {@code patches}, or the reason none of them applies. {@code record} is never changed. */
    static ObjectNode apply(ObjectNode record, JsonNode patches, LocalDate today) throws Refused {
        if (patches == null || !patches.isArray() || patches.isEmpty()) {
            throw invalid("The body must be {\"patches\": [...]} with at least one operation");
        }
        ObjectNode next = record.deepCopy();
        JsonNode previous = null;
        Map<String, Integer> lastRemoved = new HashMap<>();
        for (JsonNode operation : patches) {
            String op = operation.path("op").asText("");
            String path = operation.path("path").asText("");
            if (!OPERATIONS.contains(op) || !path.startsWith("/")) {
                throw invalid("Each operation needs an op (add, replace, remove or test) and a path");
            }
            List<String> pointer = pointer(path);
            if (op.equals("test")) {
                JsonNode actual = at(next, pointer);
                if (actual == null || !operation.has("value") || !actual.equals(operation.get("value"))) {
                    throw invalid("Invalid update with error - test failed for '" + path + "'");
                }
                previous = operation;
                continue;
            }
            String field = pointer.get(0);
            if (!PATIENT_FIELDS.contains(field)) {
                throw new Refused(403, "FORBIDDEN_UPDATE", "forbidden", "Patient access cannot update '" + field
                        + "'");
            }
            if (pointer.size() != 2) {
                throw invalid("Invalid update with error - in patient access, send the whole '" + field + "' object");
            }
            ArrayNode list = next.has(field) && next.get(field).isArray() ? (ArrayNode) next.get(field)
                    : next.putArray(field);
            String index = pointer.get(1);
            switch (op) {
                case "add" -> {
                    if (!index.equals("-")) {
                        throw invalid("Invalid update with error - add a new item at '/" + field + "/-', not at an"
                                + " index");
                    }
                    ObjectNode value = object(operation, path);
                    if (value.has("id")) {
                        throw invalid("Invalid update with error - a new object must not have an id: PDS gives it one");
                    }
                    check(field, value, null, today);
                    ObjectNode added = value.deepCopy();
                    if (!added.has("period") && !field.equals("extension")) {
                        added.putObject("period").put("start", today.toString());
                    }
                    added.put("id", UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT));
                    list.add(added);
                }
                case "replace" -> {
                    int at = index(index, list, path);
                    ObjectNode value = object(operation, path);
                    JsonNode existing = list.get(at);
                    if (!value.path("id").equals(existing.path("id")) || !existing.has("id")) {
                        throw invalid("Invalid update with error - a replaced item must carry its own id");
                    }
                    check(field, value, existing, today);
                    list.set(at, value.deepCopy());
                }
                default -> {
                    int at = index(index, list, path);
                    if (previous == null || !previous.path("op").asText().equals("test")
                            || !(previous.path("path").asText().equals("/" + field + "/" + at)
                                    || previous.path("path").asText().equals("/" + field + "/" + at + "/id"))) {
                        throw invalid("Invalid update with error - a remove must come straight after a test of the"
                                + " same item's id or of the whole item");
                    }
                    Integer before = lastRemoved.get(field);
                    if (before != null && at >= before) {
                        throw invalid("Invalid update with error - remove items in descending index order");
                    }
                    lastRemoved.put(field, at);
                    if (field.equals("telecom")) {
                        telecomPatientMayChange(list.get(at));
                    }
                    list.remove(at);
                }
            }
            previous = operation;
        }
        whole(next, today);
        return next;
    }

    private static ObjectNode object(JsonNode operation, String path) throws Refused {
        JsonNode value = operation.get("value");
        if (value == null || !value.isObject()) {
            throw invalid("Invalid update with error - '" + path + "' needs the whole object as its value");
        }
        return (ObjectNode) value;
    }

    private static int index(String index, ArrayNode list, String path) throws Refused {
        if (!INDEX.matcher(index).matches() || Integer.parseInt(index) >= list.size()) {
            throw invalid("Invalid update with error - '" + path + "' is not an item of the record");
        }
        return Integer.parseInt(index);
    }

    /** One item as a patient may send it; {@code existing} is what it replaces (null for a new one). */
    private static void check(String field, ObjectNode value, JsonNode existing, LocalDate today) throws Refused {
        period(value.path("period"), today);
        if (field.equals("telecom")) {
            telecomPatientMayChange(value);
            if (existing != null) {
                telecomPatientMayChange(existing);
                if (!existing.path("system").equals(value.path("system"))
                        || !existing.path("use").equals(value.path("use"))) {
                    throw invalid("Invalid update with error - a replace keeps the telecom's system and use; remove"
                            + " it and add another instead");
                }
            }
            String text = value.path("value").asText("");
            if (value.path("system").asText().equals("email")
                    && (text.length() < 7 || text.length() > 89 || !EMAIL.matcher(text).matches())) {
                throw new Refused(400, "INVALID_VALUE", "value", "Invalid value - the email address in 'telecom'");
            }
            if (text.isBlank()) {
                throw new Refused(400, "INVALID_VALUE", "value", "Invalid value - a telecom needs a value");
            }
        } else if (field.equals("address")) {
            String use = value.path("use").asText("");
            if (use.equals("work")) {
                throw invalid("Invalid update with error - a work address cannot be added");
            }
            if (!Set.of("home", "temp", "billing").contains(use)) {
                throw new Refused(400, "INVALID_VALUE", "value", "Invalid value - an address needs a use of home,"
                        + " temp or billing");
            }
            if (!use.equals("home") && !value.path("period").has("end")) {
                throw invalid("Invalid update with error - a " + use + " address needs a start and an end date");
            }
            if (value.path("line").size() > 5) {
                throw new Refused(400, "TOO_MANY_VALUES_SUBMITTED", "value", "An address has at most 5 lines");
            }
        }
    }

    private static void telecomPatientMayChange(JsonNode telecom) throws Refused {
        String system = telecom.path("system").asText("");
        boolean mobile = system.equals("phone") && telecom.path("use").asText("").equals("mobile");
        if (!mobile && !system.equals("email")) {
            throw new Refused(403, "FORBIDDEN_UPDATE", "forbidden", "Patient access updates only a mobile number or"
                    + " an email address");
        }
    }

    private static void period(JsonNode period, LocalDate today) throws Refused {
        if (period.isMissingNode()) {
            return;
        }
        try {
            if (!period.has("start")) {
                throw invalid("Invalid update with error - a period needs a start");
            }
            LocalDate start = LocalDate.parse(period.path("start").asText());
            if (start.isAfter(today)) {
                throw invalid("Invalid update with error - a period cannot start in the future");
            }
            if (period.has("end") && LocalDate.parse(period.path("end").asText()).isBefore(start)) {
                throw invalid("Invalid update with error - a period cannot end before it starts");
            }
        } catch (java.time.format.DateTimeParseException e) {
            throw new Refused(400, "INVALID_VALUE", "value", "Invalid value - a period's dates are YYYY-MM-DD");
        }
    }

    /** What must hold of the record as a whole once every operation has applied. */
    private static void whole(ObjectNode record, LocalDate today) throws Refused {
        Set<String> telecoms = new java.util.HashSet<>();
        for (JsonNode telecom : record.path("telecom")) {
            if (ended(telecom, today)) {
                continue;
            }
            if (!telecoms.add(telecom.path("system").asText() + "/" + telecom.path("use").asText())) {
                throw invalid("Invalid update with error - a record has one current telecom of each system and use");
            }
        }
        Set<String> addresses = new java.util.HashSet<>();
        for (JsonNode address : record.path("address")) {
            if (ended(address, today)) {
                continue;
            }
            if (!addresses.add(address.path("use").asText())) {
                throw invalid("Invalid update with error - a record has at most one current "
                        + address.path("use").asText() + " address");
            }
        }
    }

    /** An item whose period ended before today; one ending today or later is still current. */
    private static boolean ended(JsonNode item, LocalDate today) {
        String end = item.path("period").path("end").asText("");
        try {
            return !end.isEmpty() && LocalDate.parse(end).isBefore(today);
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** RFC 6901: the reference tokens of {@code path}, {@code ~1} and {@code ~0} unescaped. */
    static List<String> pointer(String path) {
        List<String> tokens = new java.util.ArrayList<>();
        for (String token : path.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static JsonNode at(JsonNode node, List<String> pointer) {
        JsonNode current = node;
        for (String token : pointer) {
            if (current.isArray()) {
                if (!INDEX.matcher(token).matches() || Integer.parseInt(token) >= current.size()) {
                    return null;
                }
                current = current.get(Integer.parseInt(token));
            } else if (current.isObject() && current.has(token)) {
                current = current.get(token);
            } else {
                return null;
            }
        }
        return current;
    }

    private static Refused invalid(String diagnostics) {
        return new Refused(400, "INVALID_UPDATE", "structure", diagnostics);
    }
}
