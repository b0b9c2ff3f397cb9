package org.nhsloginkeycloak.realm.upgrade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;

/**
 * A top-level flow with its subflows, as lines an administrator can read: one per flow (alias, type, description) and
 * one per execution in priority order (what runs, its requirement, its config's alias). Two trees are the same flow
 * when their lines are equal, whatever the ids, so a realm's flow compares with the realm file's.
 */
final class FlowTree {

    private final List<String> lines;
    private final Set<String> subflows;

    private FlowTree(List<String> lines, Set<String> subflows) {
        this.lines = List.copyOf(lines);
        this.subflows = Set.copyOf(subflows);
    }

    /**
     * The tree under {@code alias}, each flow looked up by alias in {@code flows} (a realm's flows, or the file's).
     *
     * @throws IllegalArgumentException if a flow the tree names is not in {@code flows}, or a flow contains itself
     */
    static FlowTree of(String alias, Map<String, AuthenticationFlowRepresentation> flows) {
        List<String> lines = new ArrayList<>();
        Set<String> subflows = new LinkedHashSet<>();
        add(alias, flows, lines, subflows, new LinkedHashSet<>(), "");
        return new FlowTree(lines, subflows);
    }

    private static void add(String alias, Map<String, AuthenticationFlowRepresentation> flows, List<String> lines,
            Set<String> subflows, Set<String> path, String indent) {
        AuthenticationFlowRepresentation flow = flows.get(alias);
        if (flow == null) {
            throw new IllegalArgumentException("the flow \"" + alias + "\" is named but not defined");
        }
        if (!path.add(alias)) {
            throw new IllegalArgumentException("the flow \"" + alias + "\" contains itself");
        }
        lines.add(indent + "flow \"" + alias + "\" (" + flow.getProviderId() + "): " + Objects.toString(flow.getDescription(), ""));
        for (AuthenticationExecutionExportRepresentation execution : executions(flow)) {
            StringBuilder line = new StringBuilder(indent).append("  ")
                    .append(execution.getRequirement()).append(' ');
            if (execution.isAuthenticatorFlow()) {
                line.append("subflow \"").append(execution.getFlowAlias()).append('"');
                if (execution.getAuthenticator() != null) {
                    line.append(" form ").append(execution.getAuthenticator());
                }
            } else {
                line.append(execution.getAuthenticator());
            }
            if (execution.getAuthenticatorConfig() != null) {
                line.append(" config \"").append(execution.getAuthenticatorConfig()).append('"');
            }
            lines.add(line.toString());
            if (execution.isAuthenticatorFlow()) {
                subflows.add(execution.getFlowAlias());
                add(execution.getFlowAlias(), flows, lines, subflows, path, indent + "    ");
            }
        }
        path.remove(alias);
    }

    /** The flow's executions in the order they run; Keycloak orders by priority. */
    static List<AuthenticationExecutionExportRepresentation> executions(AuthenticationFlowRepresentation flow) {
        List<AuthenticationExecutionExportRepresentation> executions = new ArrayList<>(
                flow.getAuthenticationExecutions() == null ? List.of() : flow.getAuthenticationExecutions());
        executions.sort(Comparator.comparing(e -> e.getPriority() == null ? 0 : e.getPriority()));
        return executions;
    }

    List<String> lines() {
        return lines;
    }

    /** Aliases of every flow below the top one. */
    Set<String> subflows() {
        return subflows;
    }

    boolean sameAs(FlowTree other) {
        return lines.equals(other.lines);
    }

    /** What {@code wanted} has that this tree lacks, and what this tree has that {@code wanted} lacks. */
    String differenceTo(FlowTree wanted) {
        List<String> added = new ArrayList<>(wanted.lines);
        added.removeAll(lines);
        List<String> removed = new ArrayList<>(lines);
        removed.removeAll(wanted.lines);
        StringBuilder detail = new StringBuilder();
        if (!added.isEmpty()) {
            detail.append("now has: ").append(String.join("; ", trimmed(added)));
        }
        if (!removed.isEmpty()) {
            detail.append(detail.length() > 0 ? ". " : "").append("no longer has: ")
                    .append(String.join("; ", trimmed(removed)));
        }
        return detail.length() > 0 ? detail.toString() : "the order of its steps changed";
    }

    private static List<String> trimmed(List<String> lines) {
        return lines.stream().map(String::strip).toList();
    }
}
