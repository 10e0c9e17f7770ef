// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster;

import static io.switchboard.config.ConfigKey.Type.INT;
import static io.switchboard.config.ConfigKey.Type.LIST;
import static io.switchboard.config.ConfigKey.Type.LONG;
import static io.switchboard.config.ConfigKey.Type.TEXT;
import static io.switchboard.config.ConfigKey.Type.TEXT_MAP;

import io.switchboard.config.ConfigKeys;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How this process joins the Hazelcast cluster and where its event bus listens: the {@code cluster} section of the
 * configuration. {@link #KEYS} lists the keys with their environment variables:
 *
 * <table>
 *   <caption>Keys and defaults</caption>
 *   <tr><th>JSON key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code configFile}</td>
 *       <td>{@code conf/cluster/hazelcast-local.xml}</td><td>Hazelcast XML or YAML file</td></tr>
 *   <tr><td>{@code name}</td><td>{@code switchboard}</td>
 *       <td>cluster name; members with another name never join</td></tr>
 *   <tr><td>{@code members}</td><td>{@code 127.0.0.1:5701}</td>
 *       <td>TCP/IP seed members, {@code host:port}, comma-separated or a JSON array</td></tr>
 *   <tr><td>{@code port}</td><td>{@code 5701}</td>
 *       <td>this member's Hazelcast port</td></tr>
 *   <tr><td>{@code host}</td><td>{@code 127.0.0.1}</td>
 *       <td>address the event bus binds</td></tr>
 *   <tr><td>{@code publicHost}</td><td>{@code host}</td>
 *       <td>address other members reach this node at (the pod IP); the local file binds Hazelcast to it</td></tr>
 *   <tr><td>{@code eventBusPort}</td><td>{@code 0} (any)</td>
 *       <td>event-bus TCP port</td></tr>
 *   <tr><td>{@code serviceDns}</td>
 *       <td>{@code switchboard-cluster.default.svc.cluster.local}</td>
 *       <td>headless Service for Kubernetes DNS discovery</td></tr>
 *   <tr><td>{@code joinTimeout}</td><td>{@code 30}</td>
 *       <td>seconds a start may take before it fails</td></tr>
 *   <tr><td>{@code minMembers}</td><td>{@code 1}</td>
 *       <td>members (this one included) the start waits for</td></tr>
 *   <tr><td>{@code quorum}</td><td>{@code 0}</td>
 *       <td>members a node must see to serve; 0: a majority of the most it has seen, once three or more</td></tr>
 *   <tr><td>{@code memberTimeout}</td><td>{@code 10}</td>
 *       <td>seconds without a heartbeat before a member counts as dead</td></tr>
 *   <tr><td>{@code hazelcastProperties}</td><td>{@code {}}</td>
 *       <td>extra Hazelcast properties, applied last</td></tr>
 * </table>
 *
 * <p>The Hazelcast file sees these values as {@code ${switchboard.cluster.<key>}} variables, plus
 * {@code ${switchboard.cluster.heartbeat}}, the heartbeat interval derived from {@code memberTimeout}.
 */
@DataObject
@JsonGen(publicConverter = false)
public class ClusterOptions {

    /** The keys of the {@code cluster} section and their environment variables. */
    public static final ConfigKeys KEYS = ConfigKeys.section("cluster")
            .key("configFile", TEXT, "SWITCHBOARD_CLUSTER_CONFIG")
            .key("name", TEXT, "SWITCHBOARD_CLUSTER_NAME")
            .key("members", LIST, "SWITCHBOARD_CLUSTER_MEMBERS")
            .key("port", INT, "SWITCHBOARD_CLUSTER_PORT")
            .key("host", TEXT, "SWITCHBOARD_CLUSTER_HOST")
            .key("publicHost", TEXT, "SWITCHBOARD_CLUSTER_PUBLIC_HOST")
            .key("eventBusPort", INT, "SWITCHBOARD_CLUSTER_EVENTBUS_PORT")
            .key("serviceDns", TEXT, "SWITCHBOARD_CLUSTER_SERVICE_DNS")
            .key("joinTimeout", LONG, "SWITCHBOARD_CLUSTER_JOIN_TIMEOUT")
            .property("joinTimeoutSeconds")
            .key("minMembers", INT, "SWITCHBOARD_CLUSTER_MIN_MEMBERS")
            .key("quorum", INT, "SWITCHBOARD_CLUSTER_QUORUM")
            .key("memberTimeout", LONG, "SWITCHBOARD_CLUSTER_MEMBER_TIMEOUT")
            .property("memberTimeoutSeconds")
            .key("hazelcastProperties", TEXT_MAP);

    /** Default Hazelcast configuration file: TCP/IP members on loopback. */
    public static final String DEFAULT_CONFIG_FILE = "conf/cluster/hazelcast-local.xml";
    /** Hazelcast configuration file for Kubernetes DNS discovery. */
    public static final String KUBERNETES_CONFIG_FILE = "conf/cluster/hazelcast-kubernetes.xml";
    /** Default cluster name. */
    public static final String DEFAULT_NAME = "switchboard";
    /** Default seed members. */
    public static final List<String> DEFAULT_MEMBERS = List.of("127.0.0.1:5701");
    /** Default Hazelcast port. */
    public static final int DEFAULT_PORT = 5701;
    /** Default bind address. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default headless Service DNS name. */
    public static final String DEFAULT_SERVICE_DNS = "switchboard-cluster.default.svc.cluster.local";
    /** Default start time limit, in seconds. */
    public static final long DEFAULT_JOIN_TIMEOUT_SECONDS = 30;
    /** Default seconds without a heartbeat before a member counts as dead. */
    public static final long DEFAULT_MEMBER_TIMEOUT_SECONDS = 10;

    private String configFile = DEFAULT_CONFIG_FILE;
    private String name = DEFAULT_NAME;
    private List<String> members = new ArrayList<>(DEFAULT_MEMBERS);
    private int port = DEFAULT_PORT;
    private String host = DEFAULT_HOST;
    private String publicHost;
    private int eventBusPort;
    private String serviceDns = DEFAULT_SERVICE_DNS;
    private long joinTimeoutSeconds = DEFAULT_JOIN_TIMEOUT_SECONDS;
    private int minMembers = 1;
    private int quorum;
    private long memberTimeoutSeconds = DEFAULT_MEMBER_TIMEOUT_SECONDS;
    private Map<String, String> hazelcastProperties = new LinkedHashMap<>();

    /** Creates options with the defaults: a local cluster on loopback. */
    public ClusterOptions() {}

    /**
     * Copies options.
     *
     * @param other the options to copy
     */
    public ClusterOptions(ClusterOptions other) {
        this(other.toJson());
    }

    /**
     * Reads options from the {@code cluster} section; absent keys keep their defaults.
     *
     * @param json the section
     * @throws IllegalArgumentException if a value is out of range, naming the key
     */
    public ClusterOptions(JsonObject json) {
        ClusterOptionsConverter.fromJson(KEYS.read(json), this);
    }

    /**
     * Writes the options as JSON, the inverse of {@link #ClusterOptions(JsonObject)}.
     *
     * @return a new JSON object
     */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        ClusterOptionsConverter.toJson(this, json);
        return KEYS.write(json);
    }

    /** @return the Hazelcast configuration file (XML, or YAML when it ends in .yaml or .yml) */
    public String getConfigFile() {
        return configFile;
    }

    /**
     * Sets the Hazelcast configuration file. The two files of {@code conf/cluster/} are also on the classpath, so
     * they work from any directory.
     *
     * @param configFile a path
     * @return a reference to this, so the API can be used fluently
     */
    public ClusterOptions setConfigFile(String configFile) {
        this.configFile = requireText(configFile, "configFile");
        return this;
    }

    /** @return the cluster name */
    public String getName() {
        return name;
    }

    /**
     * Sets the cluster name: only members with the same name form a cluster.
     *
     * @param name a non-blank name
     * @return a reference to this, so the API can be used fluently
     */
    public ClusterOptions setName(String name) {
        this.name = requireText(name, "name");
        return this;
    }

    /** @return the TCP/IP seed members, {@code host:port} each */
    public List<String> getMembers() {
        return List.copyOf(members);
    }

    /**
     * Sets the TCP/IP seed members the local configuration tries when it joins. This member may be among them.
     *
     * @param members {@code host:port} strings, at least one
     * @return a reference to this, so the API can be used fluently
     */
    public ClusterOptions setMembers(List<String> members) {
        List<String> cleaned = new ArrayList<>();
        for (String member : Objects.requireNonNull(members, "members")) {
            String trimmed = member == null ? "" : member.trim();
            if (!trimmed.isEmpty()) {
                cleaned.add(trimmed);
            }
        }
        if (cleaned.isEmpty()) {
            throw new IllegalArgumentException(
                    "cluster.members must name at least one host:port, was " + members + "; e.g. 127.0.0.1:5701");
        }
        this.members = cleaned;
        return this;
    }

    /** @return this member's Hazelcast port */
    public int getPort() {
        return port;
    }

    /**
     * Sets this member's Hazelcast port. The start fails if it is taken.
     *
     * @param port 1-65535
     * @return a reference to this, so the API can be used fluently
     */
    public ClusterOptions setPort(int port) {
        this.port = requirePort(port, 1, "port");
        return this;
    }

    /** @return the address the event bus binds */
    public String getHost() {
        return host;
    }

    /**
     * Sets the address the event bus binds. Use {@code 0.0.0.0} in a pod, together with {@link #setPublicHost}.
     *
     * @param host an address or host name
     * @return a reference to this, so the API can be used fluently
     */
    public ClusterOptions setHost(String host) {
        this.host = requireText(host, "host");
        return this;
    }

    /** @return the address other members reach this event bus at, or {@code null} for {@link #getHost()} */
    public String getPublicHost() {
        return publicHost;
    }

    /**
     * Sets the address other members reach this node's event bus at, when it differs from the bind address. The
     * local Hazelcast file binds Hazelcast to it (to {@code host} when it is not set), so there it must be an
     * address of this machine.
     *
     * @param publicHost an address or host name, or {@code null}
     * @return a reference to this, so the API can be used fluently
     */
    public ClusterOptions setPublicHost(String publicHost) {
        this.publicHost = publicHost == null || publicHost.isBlank() ? null : publicHost.trim();
        return this;
    }

    /** @return the event-bus port, {@code 0} for any free port */
    public int getEventBusPort() {
        return eventBusPort;
    }

    /**
     * Sets the event-bus TCP port.
     *
     * @param eventBusPort 0-65535, 0 for any free port
     * @return a reference to this, so the API can be used fluently
     */
    public ClusterOptions setEventBusPort(int eventBusPort) {
        this.eventBusPort = requirePort(eventBusPort, 0, "eventBusPort");
        return this;
    }

    /** @return the DNS name of the headless Service the Kubernetes file discovers members through */
    public String getServiceDns() {
        return serviceDns;
    }

    /**
     * Sets the DNS name of the headless Service whose addresses are the members (Kubernetes file only).
     *
     * @param serviceDns for example {@code switchboard-cluster.chat.svc.cluster.local}
     * @return a reference to this, so the API can be used fluently
     */
    public ClusterOptions setServiceDns(String serviceDns) {
        this.serviceDns = requireText(serviceDns, "serviceDns");
        return this;
    }

    /** @return seconds a start may take before it fails */
    public long getJoinTimeoutSeconds() {
        return joinTimeoutSeconds;
    }

    /**
     * Sets how long a start may take, joining included, before it fails with {@link ClusterStartException}.
     *
     * @param joinTimeoutSeconds seconds, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ClusterOptions setJoinTimeoutSeconds(long joinTimeoutSeconds) {
        if (joinTimeoutSeconds < 1) {
            throw new IllegalArgumentException("cluster.joinTimeout must be > 0 seconds, was " + joinTimeoutSeconds);
        }
        this.joinTimeoutSeconds = joinTimeoutSeconds;
        return this;
    }

    /** @return members, this one included, that a start waits for */
    public int getMinMembers() {
        return minMembers;
    }

    /**
     * Sets how many members, this one included, must be in the cluster before the start succeeds. The default 1
     * lets the first member start alone; more turns a member that cannot reach the others into a failed start.
     *
     * @param minMembers at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ClusterOptions setMinMembers(int minMembers) {
        if (minMembers < 1) {
            throw new IllegalArgumentException("cluster.minMembers must be > 0, was " + minMembers);
        }
        this.minMembers = minMembers;
        return this;
    }

    /**
     * @return members (this one included) a node must see to serve clients; 0 for the default: a majority of the
     *     most members it has seen, not counting those that left on purpose, once it has seen three or more
     */
    public int getQuorum() {
        return quorum;
    }

    /**
     * Sets the members a node must see to serve clients; below it, the node counts as cut off from its cluster and
     * closes its sockets (see {@code ClusterMembership}).
     *
     * @param quorum at least 0; 0 for the default
     * @return this
     */
    public ClusterOptions setQuorum(int quorum) {
        if (quorum < 0) {
            throw new IllegalArgumentException("cluster.quorum must be >= 0, was " + quorum);
        }
        this.quorum = quorum;
        return this;
    }

    /** @return seconds without a heartbeat before a member counts as dead */
    public long getMemberTimeoutSeconds() {
        return memberTimeoutSeconds;
    }

    /**
     * Sets how long a member may stay silent before the others remove it, and with it every event-bus
     * registration it held (Hazelcast's {@code hazelcast.max.no.heartbeat.seconds}).
     *
     * @param memberTimeoutSeconds seconds, at least 2
     * @return a reference to this, so the API can be used fluently
     */
    public ClusterOptions setMemberTimeoutSeconds(long memberTimeoutSeconds) {
        if (memberTimeoutSeconds < 2) {
            throw new IllegalArgumentException(
                    "cluster.memberTimeout must be >= 2 seconds, was " + memberTimeoutSeconds);
        }
        this.memberTimeoutSeconds = memberTimeoutSeconds;
        return this;
    }

    /** @return extra Hazelcast properties, applied after the file */
    public Map<String, String> getHazelcastProperties() {
        return Map.copyOf(hazelcastProperties);
    }

    /**
     * Replaces the extra Hazelcast properties.
     *
     * @param hazelcastProperties property names to values, applied after the file
     * @return a reference to this, so the API can be used fluently
     */
    public ClusterOptions setHazelcastProperties(Map<String, String> hazelcastProperties) {
        Map<String, String> previous = this.hazelcastProperties;
        this.hazelcastProperties = new LinkedHashMap<>();
        try {
            hazelcastProperties.forEach(this::putHazelcastProperty);
        } catch (RuntimeException e) {
            this.hazelcastProperties = previous;
            throw e;
        }
        return this;
    }

    /**
     * Sets a Hazelcast property, overriding the file, for example {@code hazelcast.graceful.shutdown.max.wait}.
     *
     * @param name the property name
     * @param value its value
     * @return a reference to this, so the API can be used fluently
     */
    public ClusterOptions putHazelcastProperty(String name, String value) {
        hazelcastProperties.put(requireText(name, "hazelcastProperties key"), Objects.requireNonNull(value, name));
        return this;
    }

    private static String requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("cluster." + key + " must not be blank, was " + value);
        }
        return value.trim();
    }

    private static int requirePort(int port, int min, String key) {
        if (port < min || port > 65535) {
            throw new IllegalArgumentException("cluster." + key + " must be " + min + "-65535, was " + port);
        }
        return port;
    }
}
