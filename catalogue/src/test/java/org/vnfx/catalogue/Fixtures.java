package org.vnfx.catalogue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vnfx.packages.descriptor.ConstituentRef;
import org.vnfx.packages.descriptor.Descriptor;
import org.vnfx.packages.descriptor.Dialect;
import org.vnfx.packages.descriptor.Flavour;
import org.vnfx.packages.descriptor.Kind;
import org.vnfx.packages.descriptor.ResourceNeeds;
import org.vnfx.packages.descriptor.SwImage;
import org.vnfx.packages.descriptor.Vdu;

/** Real descriptor records for tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {}

    static String digest(String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String account(int n) {
        return String.format("0x%040x", n);
    }

    /** A one-VDU SOL001 VNF. */
    static Descriptor vnf(String provider, String product, String version, String description, long vcpuMillis, long memoryMiB, long diskMiB,
                          String vduName, String imageName) {
        Map<String, Object> doc = new LinkedHashMap<>();
        // Keys deliberately not in alphabetical or length order, to see that file order is kept.
        doc.put("tosca_definitions_version", "tosca_simple_yaml_1_3");
        doc.put("description", description);
        doc.put("zeta", 1);
        doc.put("alpha", List.of("x", "y"));
        doc.put("product", product);
        Vdu vdu = new Vdu(vduName, vduName, vcpuMillis, memoryMiB, diskMiB, List.of(), 1,
                imageName == null ? null : new SwImage(imageName, "1.0", null, "bare", "qcow2", null, null, null));
        return new Descriptor(Dialect.SOL001, Kind.VNF, provider + "-" + product + "-" + version, provider, product, version, "1.0", description, null,
                null, List.of(), null, List.of(new Flavour("default", null)), List.of(vdu), List.of(),
                new ResourceNeeds(vcpuMillis, memoryMiB, diskMiB), doc);
    }

    static Descriptor ns(String designer, String name, String version, String description) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("nsd", name);
        doc.put("designer", designer);
        return new Descriptor(Dialect.SOL001, Kind.NS, designer + "-" + name, designer, name, null, version, description, null, null, List.of(),
                null, List.of(), List.of(), List.of(new ConstituentRef("vnf1", "some-vnfd", null, null, null, null)), ResourceNeeds.ZERO, doc);
    }

    static PackageEntry pkg(String seed, Descriptor d, int minute) {
        return new PackageEntry(digest(seed), 1000 + seed.length(), d, T0.plusSeconds(60L * minute));
    }

    static PackageEntry vnfPackage(String seed, String provider, String product, String version, int minute) {
        return pkg(seed, vnf(provider, product, version, "A " + product + " network function", 1000, 512, 1024, "vdu1", "image1"), minute);
    }

    static OfferEntry offer(String digest, String functionType, long block) {
        return new OfferEntry(digest, account(1), functionType, BigInteger.valueOf(1_000_000_000L), "bafy" + digest.substring(0, 10), block,
                T0.plusSeconds(block));
    }

    static LicenceEntry licence(String id, String digest, LicenceType type, long block) {
        return new LicenceEntry(id, digest, account(7), type, "0xabc" + block, type == LicenceType.PRIVATE ? BigInteger.TEN : BigInteger.ZERO, block,
                T0.plusSeconds(block));
    }
}
