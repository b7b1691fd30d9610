package org.vnfx.catalogue.bench;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.vnfx.catalogue.LicenceEntry;
import org.vnfx.catalogue.LicenceType;
import org.vnfx.catalogue.OfferEntry;
import org.vnfx.catalogue.OfferStatus;
import org.vnfx.catalogue.PackageEntry;
import org.vnfx.packages.descriptor.ConstituentRef;
import org.vnfx.packages.descriptor.Descriptor;
import org.vnfx.packages.descriptor.Dialect;
import org.vnfx.packages.descriptor.Flavour;
import org.vnfx.packages.descriptor.Kind;
import org.vnfx.packages.descriptor.ResourceNeeds;
import org.vnfx.packages.descriptor.SwImage;
import org.vnfx.packages.descriptor.Vdu;

/**
 * A deterministic synthetic marketplace: the same seed and count give the same descriptors, offers and licences.
 * About 200 providers with ~25 products each, several versions per product, 90 % VNFs and 10 % network services,
 * descriptions drawn from a vocabulary of real domain words and made-up ones (common words more often), ~30 % of
 * packages offered (most with a reputation), some with licences.
 */
public final class SyntheticCatalogue {
    public static final long SEED = 20_261_203L;
    static final int PROVIDERS = 200;
    static final int PRODUCTS_PER_PROVIDER = 25;
    static final double NS_SHARE = 0.10;
    static final double OFFERED_SHARE = 0.30;
    static final double RATED_SHARE_OF_OFFERED = 0.80;
    static final double LICENSED_SHARE_OF_OFFERED = 0.30;
    static final int VOCABULARY_SIZE = 3000;
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final long SECONDS_BETWEEN_ONBOARDINGS = 300;

    static final List<String> FUNCTION_TYPES = List.of("ids", "ips", "firewall", "nat", "dpi", "load-balancer", "vpn", "cdn-cache", "upf", "smf",
            "amf", "transcoder", "dns", "dhcp", "router", "wan-optimizer", "proxy", "iot-gateway", "sbc", "ims");
    private static final String[] DOMAIN_WORDS = ("network packet traffic intrusion detection prevention firewall gateway router switching "
            + "routing edge cloud latency throughput bandwidth secure security encrypted tunnel video streaming cache caching content "
            + "delivery inspection deep analytics monitoring telemetry policy enforcement session control plane user data signalling "
            + "voice media transcoding compression load balancing failover redundant resilient scalable elastic container virtual "
            + "machine kubernetes openstack accelerated dpdk sriov offload hardware smart industrial iot sensor vehicle automotive "
            + "factory campus enterprise carrier grade subscriber mobile radio access core slicing slice orchestration automation "
            + "anomaly threat malware signature rules alert logging audit compliance privacy identity authentication authorization "
            + "certificate proxy reverse forward dns resolver dhcp address translation nat qos shaping priority classification "
            + "application aware lightweight minimal footprint high performance multi tenant tenant isolation fast reliable").split(" ");
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ra", "to", "vu", "zen", "tri", "ox", "qua", "sel", "dor", "fin", "gal",
            "hex", "ion", "jet", "kor", "lum", "mar", "nov", "pix", "ryn", "sol", "tek", "ul", "vor", "wex", "yon"};
    private static final String[] COMPANY_SUFFIXES = {"Networks", "Systems", "Labs", "Telecom", "Software", "Technologies", "Digital"};
    private static final String[] PRODUCT_NOUNS = {"Guard", "Gate", "Shield", "Flow", "Edge", "Core", "Stream", "Sense", "Route", "Cache",
            "Wall", "Link", "Probe", "Mesh", "Pulse", "Vault", "Beacon", "Relay", "Hub", "Lens"};

    private final long seed;
    private final int descriptors;
    private final List<String> providers = new ArrayList<>();
    private final List<String> vocabulary = new ArrayList<>();

    public SyntheticCatalogue(long seed, int descriptors) {
        if (descriptors < 1) throw new IllegalArgumentException("descriptors must be at least 1, got " + descriptors);
        this.seed = seed;
        this.descriptors = descriptors;
        Random r = new Random(seed);
        Set<String> seen = new HashSet<>();
        while (providers.size() < PROVIDERS) {
            String name = capitalise(word(r, 2 + r.nextInt(2))) + " " + COMPANY_SUFFIXES[r.nextInt(COMPANY_SUFFIXES.length)];
            if (seen.add(name)) providers.add(name);
        }
        for (String w : DOMAIN_WORDS) if (seen.add(w)) vocabulary.add(w);
        while (vocabulary.size() < VOCABULARY_SIZE) {
            String w = word(r, 2 + r.nextInt(3));
            if (seen.add(w)) vocabulary.add(w);
        }
    }

    public long seed() {
        return seed;
    }

    public int descriptors() {
        return descriptors;
    }

    public List<String> providers() {
        return List.copyOf(providers);
    }

    /** A word as descriptions use it: the first words of the vocabulary far more often than the last (x² skew). */
    String commonishWord(Random r) {
        double x = r.nextDouble();
        return vocabulary.get((int) (x * x * vocabulary.size()));
    }

    /** What one generated package brings: the package, an offer (or null) with its state, its licences. */
    public record Item(PackageEntry pkg, OfferEntry offer, OfferStatus status, Double reputation, long sessions, long stateBlock,
                       List<LicenceEntry> licences) {}

    /** Generates the items in order, calling {@code sink} for each (streamed: 100,000 documents need not be in memory at once). */
    public void generate(java.util.function.Consumer<Item> sink) {
        Random r = new Random(seed ^ 0x5DEECE66DL);
        Set<String> identities = new HashSet<>();
        for (int i = 0; i < descriptors; i++) {
            String provider = providers.get(r.nextInt(PROVIDERS));
            int productIndex = r.nextInt(PRODUCTS_PER_PROVIDER);
            Random pr = new Random(seed * 31 + provider.hashCode() * 131L + productIndex);
            String product = (pr.nextBoolean() ? "v" : "") + capitalise(word(pr, 2)) + PRODUCT_NOUNS[pr.nextInt(PRODUCT_NOUNS.length)];
            String functionType = FUNCTION_TYPES.get(pr.nextInt(FUNCTION_TYPES.size()));
            Kind kind = r.nextDouble() < NS_SHARE ? Kind.NS : Kind.VNF;
            String version;
            do {
                version = (1 + r.nextInt(6)) + "." + r.nextInt(12) + "." + r.nextInt(30);
            } while (!identities.add(kind + "\u0001" + provider + "\u0001" + product + "\u0001" + version));
            StringBuilder description = new StringBuilder(capitalise(commonishWord(r)));
            int words = 8 + r.nextInt(14);
            for (int w = 1; w < words; w++) description.append(' ').append(commonishWord(r));
            description.append(" for ").append(functionType.replace('-', ' ')).append('.');
            Instant onboarded = T0.plusSeconds(i * SECONDS_BETWEEN_ONBOARDINGS + r.nextInt((int) SECONDS_BETWEEN_ONBOARDINGS));
            String digest = sha256("vnfx-bench:" + seed + ":" + i);
            Descriptor d = kind == Kind.VNF ? vnf(r, provider, product, version, functionType, description.toString())
                    : ns(provider, product, version, description.toString());
            PackageEntry pkg = new PackageEntry(digest, 50_000 + r.nextInt(400_000_000), d, onboarded);
            OfferEntry offer = null;
            OfferStatus status = null;
            Double reputation = null;
            long sessions = 0;
            long block = 1000L + i * 10L;
            List<LicenceEntry> licences = new ArrayList<>();
            if (kind == Kind.VNF && r.nextDouble() < OFFERED_SHARE) {
                offer = new OfferEntry(digest, account(providers.indexOf(provider) + 1), functionType,
                        BigInteger.valueOf(100_000_000L + r.nextInt(2_000_000_000)), "bafkrei" + digest.substring(0, 52), block,
                        T0.plusSeconds(block * 2));
                double s = r.nextDouble();
                status = s < 0.75 ? OfferStatus.ACCEPTED : s < 0.90 ? OfferStatus.ADVERTISED : s < 0.96 ? OfferStatus.RETIRED : OfferStatus.REJECTED;
                if (r.nextDouble() < RATED_SHARE_OF_OFFERED) {
                    sessions = 1 + r.nextInt(500);
                    reputation = Math.round(r.nextDouble() * 1_000_000) / 1_000_000.0;
                }
                if (r.nextDouble() < LICENSED_SHARE_OF_OFFERED) {
                    int n = 1 + r.nextInt(3);
                    for (int k = 0; k < n; k++) {
                        LicenceType type = LicenceType.values()[r.nextInt(LicenceType.values().length)];
                        long lb = block + 1 + k;
                        licences.add(new LicenceEntry(sha256("licence:" + digest + ":" + k).substring(0, 40), digest, account(10_000 + r.nextInt(5000)),
                                type, "0x" + sha256("pay:" + digest + k), type == LicenceType.PRIVATE ? BigInteger.valueOf(1_000_000_000L) : BigInteger.ZERO,
                                lb, T0.plusSeconds(lb * 2)));
                    }
                }
            }
            sink.accept(new Item(pkg, offer, status, reputation, sessions, block + 5, licences));
        }
    }

    private Descriptor vnf(Random r, String provider, String product, String version, String functionType, String description) {
        int vduCount = 1 + r.nextInt(3);
        List<Vdu> vdus = new ArrayList<>();
        ResourceNeeds needs = ResourceNeeds.ZERO;
        Map<String, Object> nodes = new LinkedHashMap<>();
        String slug = product.toLowerCase();
        for (int k = 0; k < vduCount; k++) {
            long vcpu = 250L << r.nextInt(7);
            long memory = 256L << r.nextInt(8);
            long disk = 512L << r.nextInt(9);
            int instances = 1 + (r.nextDouble() < 0.2 ? r.nextInt(3) : 0);
            String vduId = functionType + "-" + (k == 0 ? "main" : "worker" + k);
            String image = slug + "-" + functionType + "-image";
            Vdu vdu = new Vdu(vduId, vduId, vcpu, memory, disk, List.of(), instances,
                    new SwImage(image, version, null, "bare", "qcow2", disk * 1024 * 1024, memory * 1024 * 1024, null));
            vdus.add(vdu);
            needs = needs.plus(vdu.needs().times(instances));
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("type", "tosca.nodes.nfv.Vdu.Compute");
            node.put("properties", Map.of("name", vduId, "description", functionType + " unit"));
            node.put("capabilities", Map.of("virtual_compute", Map.of("properties", Map.of(
                    "virtual_cpu", Map.of("num_virtual_cpu", vcpu / 1000.0), "virtual_memory", Map.of("virtual_mem_size", memory + " MiB")))));
            node.put("artifacts", Map.of("sw_image", Map.of("type", "tosca.artifacts.nfv.SwImage", "file", image + ".qcow2")));
            nodes.put(vduId, node);
        }
        Map<String, Object> vnfProps = new LinkedHashMap<>();
        vnfProps.put("descriptor_id", provider + ":" + product + ":" + version);
        vnfProps.put("descriptor_version", "1.0");
        vnfProps.put("provider", provider);
        vnfProps.put("product_name", product);
        vnfProps.put("software_version", version);
        vnfProps.put("flavour_id", "default");
        Map<String, Object> vnfNode = new LinkedHashMap<>();
        vnfNode.put("type", "vnfx.nodes." + functionType);
        vnfNode.put("properties", vnfProps);
        Map<String, Object> templates = new LinkedHashMap<>();
        templates.put("VNF", vnfNode);
        templates.putAll(nodes);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("tosca_definitions_version", "tosca_simple_yaml_1_3");
        doc.put("description", description);
        doc.put("topology_template", Map.of("node_templates", templates));
        return new Descriptor(Dialect.SOL001, Kind.VNF, provider + ":" + product + ":" + version, provider, product, version, "1.0", description,
                product, null, List.of("vnfx"), null, List.of(new Flavour("default", null)), vdus, List.of(), needs, doc);
    }

    private static Descriptor ns(String designer, String name, String version, String description) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("tosca_definitions_version", "tosca_simple_yaml_1_3");
        doc.put("description", description);
        doc.put("metadata", Map.of("designer", designer, "name", name, "version", version));
        return new Descriptor(Dialect.SOL001, Kind.NS, designer + ":" + name + ":ns:" + version, designer, name, null, version, description, null,
                null, List.of(), null, List.of(new Flavour("default", null)), List.of(),
                List.of(new ConstituentRef("vnf1", designer + ":" + name + ":1.0.0", null, null, null, null)), ResourceNeeds.ZERO, doc);
    }

    private static String word(Random r, int syllables) {
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < syllables; i++) w.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
        return w.toString();
    }

    private static String capitalise(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    static String account(int n) {
        return String.format("0x%040x", n);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
