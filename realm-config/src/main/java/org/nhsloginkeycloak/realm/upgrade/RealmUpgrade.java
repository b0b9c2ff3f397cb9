package org.nhsloginkeycloak.realm.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.models.utils.RepresentationToModel;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.representations.userprofile.config.UPGroup;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.ClientPolicyManager;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.util.JsonSerialization;

/**
 * Brings a deployed realm's share of this bundle to this version's realm file, inside the caller's transaction.
 *
 * <p>What the bundle owns, named in its realm file, becomes the file's: its authentication flows (rebuilt in place, so
 * realm and client bindings to them stay), its client scopes and their mappers (a scope releases exactly the claims
 * this version's mappers release), its client profiles and policies, its user-profile attributes and groups. What an
 * administrator tunes is added to, never overwritten: authenticator configs gain new settings and keep their values,
 * required actions, localization texts and the bundle's own clients ({@code nhs-...}) are added when missing. Nothing
 * else is read or written: no user, other client (partners' redirect URIs, keys, scopes), key, role, binding or realm
 * setting, and nothing the file does not name.
 *
 * <p>Running it twice changes nothing the second time; a realm freshly imported from the file needs nothing.
 */
public final class RealmUpgrade {

    static final String FLOW = "authentication-flow";
    static final String AUTHENTICATOR_CONFIG = "authenticator-config";
    static final String REQUIRED_ACTION = "required-action";
    static final String CLIENT_SCOPE = "client-scope";
    static final String CLIENT_PROFILE = "client-profile";
    static final String CLIENT_POLICY = "client-policy";
    static final String USER_PROFILE = "user-profile";
    static final String LOCALIZATION = "localization";
    static final String CLIENT = "client";
    /** The clients the bundle owns (the others in the file are examples for the administrator to replace). */
    static final String BUNDLE_CLIENT_PREFIX = "nhs-";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final RealmRepresentation target;
    private final UPConfig targetProfile;
    private final List<Change> changes = new ArrayList<>();

    public RealmUpgrade(KeycloakSession session, RealmModel realm, BundledRealm target) {
        this.session = session;
        this.realm = realm;
        this.target = target.realm();
        this.targetProfile = target.userProfile();
    }

    /**
     * Makes the changes and says what they were.
     *
     * @throws UpgradeConflict when the realm holds something this version's configuration cannot go in beside; the
     *     caller rolls the transaction back
     */
    public List<Change> run() {
        // Configs first: the flows' executions name them.
        authenticatorConfigs();
        flows();
        requiredActions();
        bundleClients();
        clientScopes();
        clientProfilesAndPolicies();
        userProfile();
        localizationTexts();
        return List.copyOf(changes);
    }

    private void authenticatorConfigs() {
        for (AuthenticatorConfigRepresentation wanted : listOf(target.getAuthenticatorConfig())) {
            AuthenticatorConfigModel existing = realm.getAuthenticatorConfigByAlias(wanted.getAlias());
            Map<String, String> wantedConfig = wanted.getConfig() == null ? Map.of() : wanted.getConfig();
            if (existing == null) {
                AuthenticatorConfigModel config = new AuthenticatorConfigModel();
                config.setAlias(wanted.getAlias());
                config.setConfig(new HashMap<>(wantedConfig));
                realm.addAuthenticatorConfig(config);
                changes.add(Change.created(AUTHENTICATOR_CONFIG, wanted.getAlias(),
                        "settings " + new TreeSet<>(wantedConfig.keySet())));
                continue;
            }
            Map<String, String> config = new HashMap<>(existing.getConfig() == null ? Map.of() : existing.getConfig());
            TreeSet<String> added = new TreeSet<>();
            wantedConfig.forEach((key, value) -> {
                if (config.putIfAbsent(key, value) == null) {
                    added.add(key);
                }
            });
            if (!added.isEmpty()) {
                existing.setConfig(config);
                realm.updateAuthenticatorConfig(existing);
                changes.add(Change.updated(AUTHENTICATOR_CONFIG, wanted.getAlias(), "new settings " + added
                        + " at this version's defaults; the realm's own values of the others kept"));
            }
        }
    }

    private void flows() {
        Map<String, AuthenticationFlowRepresentation> wanted = byKey(target.getAuthenticationFlows(),
                AuthenticationFlowRepresentation::getAlias);
        // Read once, before any change: Keycloak's JPA store keeps removed executions and flows in the collections it
        // has already loaded until the transaction ends, so reading flows again after a change would see ghosts.
        Map<String, AuthenticationFlowRepresentation> current = realmFlows();
        for (AuthenticationFlowRepresentation flow : listOf(target.getAuthenticationFlows())) {
            if (flow.isTopLevel()) {
                flow(flow, wanted, current);
            }
        }
    }

    private void flow(AuthenticationFlowRepresentation wanted, Map<String, AuthenticationFlowRepresentation> file,
            Map<String, AuthenticationFlowRepresentation> current) {
        FlowTree wantedTree = FlowTree.of(wanted.getAlias(), file);
        AuthenticationFlowRepresentation existingFlow = current.get(wanted.getAlias());
        if (existingFlow == null) {
            requireFree(wantedTree, current, Map.of());
            AuthenticationFlowModel created = realm.addAuthenticationFlow(flowModel(wanted));
            addExecutions(created, wanted, file);
            changes.add(Change.created(FLOW, wanted.getAlias(), wantedTree.lines().size() + " lines: "
                    + String.join("; ", wantedTree.lines().stream().map(String::strip).toList())));
            return;
        }
        if (!existingFlow.isTopLevel()) {
            throw new UpgradeConflict("The realm's flow \"" + wanted.getAlias() + "\" is a subflow, but this version"
                    + " has a top-level flow of that name: rename the realm's flow and upgrade again.");
        }
        AuthenticationFlowModel existing = realm.getAuthenticationFlowById(existingFlow.getId());
        FlowTree currentTree;
        try {
            currentTree = FlowTree.of(wanted.getAlias(), current);
        } catch (IllegalArgumentException e) {
            throw new UpgradeConflict("The realm's flow \"" + wanted.getAlias() + "\" cannot be read: " + e.getMessage(), e);
        }
        if (currentTree.sameAs(wantedTree)) {
            return;
        }
        requireUnshared(wanted.getAlias(), currentTree, current);
        requireFree(wantedTree, current, current.entrySet().stream()
                .filter(entry -> currentTree.subflows().contains(entry.getKey()))
                .collect(LinkedHashMap::new, (map, entry) -> map.put(entry.getKey(), entry.getValue()), Map::putAll));
        // In place: the top-level flow keeps its id, so the realm's bindings and clients' overrides still point at it.
        clearExecutions(existing);
        existing.setDescription(wanted.getDescription());
        existing.setProviderId(wanted.getProviderId());
        realm.updateAuthenticationFlow(existing);
        addExecutions(existing, wanted, file);
        changes.add(Change.replaced(FLOW, wanted.getAlias(), currentTree.differenceTo(wantedTree)));
    }

    /**
     * The old tree's subflows are deleted with it, so none may be used from a flow outside the tree: the realm's own
     * flow would be left pointing at nothing.
     */
    private static void requireUnshared(String top, FlowTree tree, Map<String, AuthenticationFlowRepresentation> current) {
        for (AuthenticationFlowRepresentation flow : current.values()) {
            if (flow.getAlias().equals(top) || tree.subflows().contains(flow.getAlias())) {
                continue;
            }
            for (AuthenticationExecutionExportRepresentation execution : FlowTree.executions(flow)) {
                if (execution.isAuthenticatorFlow() && tree.subflows().contains(execution.getFlowAlias())) {
                    throw new UpgradeConflict("The realm's flow \"" + flow.getAlias() + "\" uses \""
                            + execution.getFlowAlias() + "\", which this version rebuilds as part of \"" + top
                            + "\": give that flow its own copy under another name and upgrade again.");
                }
            }
        }
    }

    /** Every subflow this version adds must be a name the realm has free, or one the old tree held (removed with it). */
    private static void requireFree(FlowTree wantedTree, Map<String, AuthenticationFlowRepresentation> current,
            Map<String, AuthenticationFlowRepresentation> ownTree) {
        for (String alias : wantedTree.subflows()) {
            if (!ownTree.containsKey(alias) && current.containsKey(alias)) {
                throw new UpgradeConflict("The realm already has a flow \"" + alias + "\" that is not part of this"
                        + " version's flows, which need that name: rename or delete it and upgrade again.");
            }
        }
    }

    private Map<String, AuthenticationFlowRepresentation> realmFlows() {
        Map<String, AuthenticationFlowRepresentation> flows = new LinkedHashMap<>();
        realm.getAuthenticationFlowsStream().forEach(flow ->
                flows.putIfAbsent(flow.getAlias(), ModelToRepresentation.toRepresentation(session, realm, flow)));
        return flows;
    }

    private void clearExecutions(AuthenticationFlowModel flow) {
        for (AuthenticationExecutionModel execution : realm.getAuthenticationExecutionsStream(flow.getId()).toList()) {
            realm.removeAuthenticatorExecution(execution);
            if (execution.isAuthenticatorFlow() && execution.getFlowId() != null) {
                AuthenticationFlowModel subflow = realm.getAuthenticationFlowById(execution.getFlowId());
                if (subflow != null) {
                    clearExecutions(subflow);
                    realm.removeAuthenticationFlow(subflow);
                }
            }
        }
    }

    private void addExecutions(AuthenticationFlowModel parent, AuthenticationFlowRepresentation flow,
            Map<String, AuthenticationFlowRepresentation> file) {
        for (AuthenticationExecutionExportRepresentation wanted : FlowTree.executions(flow)) {
            AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
            execution.setParentFlow(parent.getId());
            execution.setPriority(wanted.getPriority() == null ? 0 : wanted.getPriority());
            execution.setRequirement(AuthenticationExecutionModel.Requirement.valueOf(wanted.getRequirement()));
            execution.setAuthenticator(wanted.getAuthenticator());
            execution.setAuthenticatorFlow(wanted.isAuthenticatorFlow());
            if (wanted.getAuthenticatorConfig() != null) {
                AuthenticatorConfigModel config = realm.getAuthenticatorConfigByAlias(wanted.getAuthenticatorConfig());
                if (config == null) {
                    throw new UpgradeConflict("This version's flow \"" + flow.getAlias() + "\" names the authenticator"
                            + " config \"" + wanted.getAuthenticatorConfig() + "\", which the realm file lacks.");
                }
                execution.setAuthenticatorConfig(config.getId());
            }
            if (wanted.isAuthenticatorFlow()) {
                AuthenticationFlowRepresentation subflow = file.get(wanted.getFlowAlias());
                AuthenticationFlowModel created = realm.addAuthenticationFlow(flowModel(subflow));
                execution.setFlowId(created.getId());
                realm.addAuthenticatorExecution(execution);
                addExecutions(created, subflow, file);
            } else {
                realm.addAuthenticatorExecution(execution);
            }
        }
    }

    private static AuthenticationFlowModel flowModel(AuthenticationFlowRepresentation flow) {
        AuthenticationFlowModel model = new AuthenticationFlowModel();
        model.setAlias(flow.getAlias());
        model.setDescription(flow.getDescription());
        model.setProviderId(flow.getProviderId());
        model.setTopLevel(flow.isTopLevel());
        model.setBuiltIn(false);
        return model;
    }

    private void requiredActions() {
        for (RequiredActionProviderRepresentation wanted : listOf(target.getRequiredActions())) {
            if (realm.getRequiredActionProviderByAlias(wanted.getAlias()) != null) {
                continue;
            }
            RequiredActionProviderModel action = new RequiredActionProviderModel();
            action.setAlias(wanted.getAlias());
            action.setName(wanted.getName());
            action.setProviderId(wanted.getProviderId());
            action.setEnabled(wanted.isEnabled());
            action.setDefaultAction(wanted.isDefaultAction());
            action.setPriority(wanted.getPriority());
            action.setConfig(wanted.getConfig() == null ? new HashMap<>() : new HashMap<>(wanted.getConfig()));
            realm.addRequiredActionProvider(action);
            changes.add(Change.created(REQUIRED_ACTION, wanted.getAlias(), wanted.isEnabled() ? "enabled" : "disabled"));
        }
    }

    /**
     * Creates a bundle client the realm lacks. One that exists is left as it is: an administrator may have given it
     * keys or an algorithm of their own, and nothing of ours depends on more than its client id.
     */
    private void bundleClients() {
        for (ClientRepresentation wanted : listOf(target.getClients())) {
            if (!wanted.getClientId().startsWith(BUNDLE_CLIENT_PREFIX)
                    || realm.getClientByClientId(wanted.getClientId()) != null) {
                continue;
            }
            RepresentationToModel.createClient(session, realm, copy(wanted, ClientRepresentation.class));
            changes.add(Change.created(CLIENT, wanted.getClientId(), Boolean.TRUE.equals(wanted.isEnabled())
                    ? "enabled" : "disabled"));
        }
    }

    private void clientScopes() {
        for (ClientScopeRepresentation wanted : listOf(target.getClientScopes())) {
            ClientScopeModel existing = realm.getClientScopesStream()
                    .filter(scope -> wanted.getName().equals(scope.getName())).findFirst().orElse(null);
            if (existing == null) {
                ClientScopeModel scope = realm.addClientScope(wanted.getName());
                scope.setDescription(wanted.getDescription());
                scope.setProtocol(wanted.getProtocol());
                mapOf(wanted.getAttributes()).forEach(scope::setAttribute);
                listOf(wanted.getProtocolMappers()).forEach(mapper -> scope.addProtocolMapper(mapperModel(mapper)));
                String defaults = "";
                if (listOf(target.getDefaultDefaultClientScopes()).contains(wanted.getName())) {
                    realm.addDefaultClientScope(scope, true);
                    defaults = "; a realm default scope for new clients";
                } else if (listOf(target.getDefaultOptionalClientScopes()).contains(wanted.getName())) {
                    realm.addDefaultClientScope(scope, false);
                    defaults = "; a realm optional scope for new clients";
                }
                changes.add(Change.created(CLIENT_SCOPE, wanted.getName(), "mappers "
                        + listOf(wanted.getProtocolMappers()).stream().map(ProtocolMapperRepresentation::getName).toList()
                        + defaults + "; no client was given it"));
                continue;
            }
            List<String> detail = new ArrayList<>();
            if (!Objects.equals(existing.getDescription(), wanted.getDescription())) {
                existing.setDescription(wanted.getDescription());
                detail.add("description");
            }
            if (!Objects.equals(existing.getProtocol(), wanted.getProtocol())) {
                existing.setProtocol(wanted.getProtocol());
                detail.add("protocol");
            }
            TreeSet<String> attributes = new TreeSet<>();
            mapOf(wanted.getAttributes()).forEach((name, value) -> {
                if (!Objects.equals(existing.getAttribute(name), value)) {
                    existing.setAttribute(name, value);
                    attributes.add(name);
                }
            });
            if (!attributes.isEmpty()) {
                detail.add("attributes " + attributes);
            }
            mappers(existing, wanted, detail);
            if (!detail.isEmpty()) {
                changes.add(Change.updated(CLIENT_SCOPE, wanted.getName(), String.join("; ", detail)));
            }
        }
    }

    /** The scope's mappers become exactly the file's: a scope must never release a claim this version does not. */
    private static void mappers(ClientScopeModel scope, ClientScopeRepresentation wanted, List<String> detail) {
        Map<String, ProtocolMapperRepresentation> wantedByName = byKey(wanted.getProtocolMappers(),
                ProtocolMapperRepresentation::getName);
        TreeSet<String> removed = new TreeSet<>();
        TreeSet<String> changed = new TreeSet<>();
        TreeSet<String> added = new TreeSet<>(wantedByName.keySet());
        for (ProtocolMapperModel mapper : scope.getProtocolMappersStream().toList()) {
            ProtocolMapperRepresentation want = wantedByName.get(mapper.getName());
            added.remove(mapper.getName());
            if (want == null) {
                scope.removeProtocolMapper(mapper);
                removed.add(mapper.getName());
            } else if (!Objects.equals(mapper.getProtocolMapper(), want.getProtocolMapper())
                    || !Objects.equals(mapper.getProtocol(), want.getProtocol())
                    || !Objects.equals(mapOf(mapper.getConfig()), mapOf(want.getConfig()))) {
                scope.removeProtocolMapper(mapper);
                scope.addProtocolMapper(mapperModel(want));
                changed.add(mapper.getName() + " (" + mapperDifference(mapper, want) + ")");
            }
        }
        added.forEach(name -> scope.addProtocolMapper(mapperModel(wantedByName.get(name))));
        if (!added.isEmpty()) {
            detail.add("mappers added " + added);
        }
        if (!changed.isEmpty()) {
            detail.add("mappers brought to this version " + changed);
        }
        if (!removed.isEmpty()) {
            detail.add("mappers removed " + removed);
        }
    }

    private static String mapperDifference(ProtocolMapperModel mapper, ProtocolMapperRepresentation want) {
        if (!Objects.equals(mapper.getProtocolMapper(), want.getProtocolMapper())) {
            return "type " + mapper.getProtocolMapper() + " -> " + want.getProtocolMapper();
        }
        List<String> keys = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(mapOf(mapper.getConfig()).keySet());
        names.addAll(mapOf(want.getConfig()).keySet());
        for (String name : names) {
            String was = mapOf(mapper.getConfig()).get(name);
            String now = mapOf(want.getConfig()).get(name);
            if (!Objects.equals(was, now)) {
                keys.add(name + " " + (was == null ? "unset" : was) + " -> " + (now == null ? "unset" : now));
            }
        }
        return keys.isEmpty() ? "protocol" : String.join(", ", keys);
    }

    private static ProtocolMapperModel mapperModel(ProtocolMapperRepresentation mapper) {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setName(mapper.getName());
        model.setProtocol(mapper.getProtocol());
        model.setProtocolMapper(mapper.getProtocolMapper());
        model.setConfig(new HashMap<>(mapOf(mapper.getConfig())));
        return model;
    }

    private void clientProfilesAndPolicies() {
        ClientPolicyManager policies = session.clientPolicy();
        try {
            // Profiles first: the policies name them.
            ClientProfilesRepresentation wantedProfiles = target.getParsedClientProfiles();
            if (wantedProfiles != null && wantedProfiles.getProfiles() != null) {
                ClientProfilesRepresentation current = policies.getClientProfiles(realm, false);
                List<ClientProfileRepresentation> merged = merge(CLIENT_PROFILE, listOf(current.getProfiles()),
                        wantedProfiles.getProfiles(), ClientProfileRepresentation::getName);
                if (merged != null) {
                    current.setProfiles(merged);
                    policies.updateClientProfiles(realm, current);
                }
            }
            ClientPoliciesRepresentation wantedPolicies = target.getParsedClientPolicies();
            if (wantedPolicies != null && wantedPolicies.getPolicies() != null) {
                ClientPoliciesRepresentation current = policies.getClientPolicies(realm, false);
                List<ClientPolicyRepresentation> merged = merge(CLIENT_POLICY, listOf(current.getPolicies()),
                        wantedPolicies.getPolicies(), ClientPolicyRepresentation::getName);
                if (merged != null) {
                    current.setPolicies(merged);
                    policies.updateClientPolicies(realm, current);
                }
            }
        } catch (ClientPolicyException e) {
            throw new UpgradeConflict("Keycloak refused this version's client policies: " + e.getErrorDetail(), e);
        }
    }

    private void userProfile() {
        UserProfileProvider provider = session.getProvider(UserProfileProvider.class);
        // A copy: the provider may hand out the configuration it serves from.
        UPConfig config = copy(provider.getConfiguration(), UPConfig.class);
        List<UPGroup> groups = merge(USER_PROFILE, listOf(config.getGroups()), listOf(targetProfile.getGroups()),
                group -> "group " + group.getName(), UPGroup::getName);
        List<UPAttribute> attributes = merge(USER_PROFILE, listOf(config.getAttributes()),
                listOf(targetProfile.getAttributes()), attribute -> "attribute " + attribute.getName(),
                UPAttribute::getName);
        if (groups == null && attributes == null) {
            return;
        }
        if (groups != null) {
            config.setGroups(groups);
        }
        if (attributes != null) {
            config.setAttributes(attributes);
        }
        try {
            provider.setConfiguration(config);
        } catch (RuntimeException e) {
            throw new UpgradeConflict("Keycloak refused this version's user profile beside the realm's own"
                    + " attributes: " + e.getMessage(), e);
        }
    }

    private void localizationTexts() {
        mapOf(target.getLocalizationTexts()).forEach((locale, texts) -> {
            Map<String, String> current = new HashMap<>(mapOf(realm.getRealmLocalizationTextsByLocale(locale)));
            TreeSet<String> added = new TreeSet<>();
            texts.forEach((key, text) -> {
                if (current.putIfAbsent(key, text) == null) {
                    added.add(key);
                }
            });
            if (!added.isEmpty()) {
                realm.createOrUpdateRealmLocalizationTexts(locale, current);
                changes.add(Change.updated(LOCALIZATION, locale, "texts added " + added
                        + "; the realm's own wording of the others kept"));
            }
        });
    }

    private <T> List<T> merge(String part, List<T> current, List<T> wanted, Function<T, String> name) {
        return merge(part, current, wanted, name, name);
    }

    /**
     * {@code current} with each of {@code wanted} in place of the item of the same name (or, when new, after the
     * wanted item before it); others, the administrator's own, kept where they are. Null when nothing differs.
     */
    private <T> List<T> merge(String part, List<T> current, List<T> wanted, Function<T, String> label,
            Function<T, String> name) {
        List<T> merged = new ArrayList<>(current);
        boolean differs = false;
        int insertAt = 0;
        for (T item : wanted) {
            int index = indexOf(merged, name.apply(item), name);
            if (index < 0) {
                merged.add(insertAt++, item);
                changes.add(Change.created(part, label.apply(item), ""));
                differs = true;
            } else {
                if (!tree(merged.get(index)).equals(tree(item))) {
                    changes.add(Change.replaced(part, label.apply(item), "as this version defines it"));
                    merged.set(index, item);
                    differs = true;
                }
                insertAt = index + 1;
            }
        }
        return differs ? merged : null;
    }

    private static <T> int indexOf(List<T> items, String name, Function<T, String> nameOf) {
        for (int i = 0; i < items.size(); i++) {
            if (Objects.equals(nameOf.apply(items.get(i)), name)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode tree(Object value) {
        return JsonSerialization.mapper.valueToTree(value);
    }

    private static <T> T copy(T value, Class<T> type) {
        try {
            return JsonSerialization.readValue(JsonSerialization.writeValueAsBytes(value), type);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot copy the realm's " + type.getSimpleName(), e);
        }
    }

    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        listOf(items).forEach(item -> map.putIfAbsent(key.apply(item), item));
        return map;
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> mapOf(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
