package org.vnfx.portal.vnfpkgm;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.vnfx.contracts.Identities;
import org.vnfx.contracts.Offers;
import org.vnfx.crypto.CompressedKey;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.tx.ContractRevertException;
import org.vnfx.mec.PackagePublisher;
import org.vnfx.packages.PackageException;
import org.vnfx.packages.csar.CsarVerifier;
import org.vnfx.packages.csar.FileDigest;
import org.vnfx.packages.csar.PackageKind;
import org.vnfx.packages.csar.PackageRejectedException;
import org.vnfx.packages.csar.VerifiedCsar;
import org.vnfx.packages.csar.ZipArchive;
import org.vnfx.packages.csar.ZipLimits;
import org.vnfx.packages.descriptor.Descriptor;
import org.vnfx.packages.descriptor.DescriptorReader;
import org.vnfx.packages.descriptor.Kind;
import org.vnfx.packages.descriptor.Vdu;
import org.vnfx.portal.auth.Tokens;
import org.vnfx.store.ArtifactStore;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Onboarding through the marketplace, the same path as {@code vnfx offer publish}: the package is verified
 * (SOL004: structure, manifest digests, signatures), its VNFD read (requirements for the offer), then
 * encrypted with a fresh key, put in the store and advertised on chain by the provider this repository
 * acts for. The offer's function type and base price come from the resource's userDefinedData
 * ({@code {"vnfx": {"functionType": "ids", "pricePerSecond": "1000000000"}}}). A package this provider
 * has already advertised is recognised (no second offer); one another provider advertised is refused.
 */
public final class MarketOnboarding implements Onboarding {
    static final String EMPTY_ADDRESS = "0x0000000000000000000000000000000000000000";

    private final Market provider;
    private final String operator;
    private final ArtifactStore store;
    private final CsarVerifier verifier;

    /** @param operator the suite's operator, whose registered key the content key is sealed for */
    public MarketOnboarding(Market provider, String operator, ArtifactStore store, CsarVerifier verifier) {
        this.provider = provider;
        this.operator = operator;
        this.store = store;
        this.verifier = verifier;
    }

    @Override
    public VnfPackage.Content onboard(Path packageFile, Map<String, Object> userDefinedData, Tokens.Principal who) throws Failure {
        VerifiedCsar csar;
        try {
            csar = verifier.verify(packageFile);
        } catch (PackageRejectedException e) {
            throw new Failure("Package rejected", String.join("\n", e.report().errors().stream().map(Object::toString).toList()), e);
        } catch (PackageException e) {
            throw new Failure("Package rejected", e.getMessage(), e);
        } catch (IOException e) {
            throw new Failure("Package unreadable", e.getMessage(), e);
        }
        if (csar.kind() != PackageKind.VNF) throw new Failure("Not a VNF package", "the manifest's metadata describes a " + csar.kind() + " package");
        Descriptor vnfd;
        try {
            vnfd = DescriptorReader.read(csar);
        } catch (PackageException e) {
            throw new Failure("Descriptor rejected", e.getMessage(), e);
        } catch (IOException e) {
            throw new Failure("Package unreadable", e.getMessage(), e);
        }
        if (vnfd.kind() != Kind.VNF) throw new Failure("Not a VNF package", csar.entryDefinitions() + " is a " + vnfd.kind() + " descriptor");
        Terms terms = terms(userDefinedData);
        byte[] digest = HexFormat.of().parseHex(csar.sha256());
        String offerTransaction;
        try {
            Offers.Offer existing = provider.offer(digest);
            if (!existing.provider.equalsIgnoreCase(EMPTY_ADDRESS)) {
                if (!existing.provider.equalsIgnoreCase(provider.address())) {
                    throw new Failure("Package offered by another provider", "package 0x" + csar.sha256() + " is already offered by " + existing.provider);
                }
                offerTransaction = null; // the same content uploaded again: the offer already on chain stands
            } else {
                Identities.Identity op = provider.identity(operator);
                CompressedKey operatorKey = new CompressedKey((byte) op.keyPrefix.intValueExact(), op.keyX);
                byte[] key = PackageCipher.newKey();
                try {
                    TransactionReceipt r = PackagePublisher.publish(provider, store, operatorKey, packageFile, terms.functionType(),
                            new Requirements(vnfd.needs().vcpuMillis(), vnfd.needs().memoryMiB(), vnfd.needs().diskMiB()), terms.pricePerSecond(), key)
                            .receipt();
                    offerTransaction = r.getTransactionHash();
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
            }
        } catch (Failure f) {
            throw f;
        } catch (ContractRevertException e) {
            throw new Failure("Offer refused by the chain", e.getMessage(), e);
        } catch (Exception e) {
            throw new Failure("Offer not published", e.toString(), e);
        }
        return content(csar, vnfd, packageFile, offerTransaction);
    }

    /** The offer's terms from userDefinedData.vnfx, checked before anything is published. */
    record Terms(String functionType, BigInteger pricePerSecond) {}

    static Terms terms(Map<String, Object> userDefinedData) throws Failure {
        if (!(userDefinedData.get("vnfx") instanceof Map<?, ?> vnfx)) {
            throw new Failure("Offer terms missing", "userDefinedData.vnfx must give functionType and pricePerSecond (wei per second)");
        }
        Object function = vnfx.get("functionType");
        if (!(function instanceof String f) || f.isBlank()) throw new Failure("Offer terms missing", "userDefinedData.vnfx.functionType must be a string, e.g. \"ids\"");
        try {
            FunctionType.toBytes32(f);
        } catch (IllegalArgumentException e) {
            throw new Failure("Offer terms invalid", "userDefinedData.vnfx.functionType: " + e.getMessage());
        }
        BigInteger price;
        try {
            price = new BigInteger(String.valueOf(vnfx.get("pricePerSecond")));
        } catch (NumberFormatException e) {
            throw new Failure("Offer terms invalid", "userDefinedData.vnfx.pricePerSecond must be a whole number of wei per second, found " + vnfx.get("pricePerSecond"));
        }
        if (price.signum() < 0) throw new Failure("Offer terms invalid", "userDefinedData.vnfx.pricePerSecond must not be negative");
        return new Terms(f, price);
    }

    static VnfPackage.Content content(VerifiedCsar csar, Descriptor vnfd, Path file, String offerTransaction) {
        List<VnfPackage.Image> images = new ArrayList<>();
        for (Vdu v : vnfd.vdus()) {
            if (v.image() == null) continue;
            var i = v.image();
            images.add(new VnfPackage.Image(v.id(), i.name(), i.version(), i.checksum() == null ? null : i.checksum().algorithm(),
                    i.checksum() == null ? null : i.checksum().hash(), i.containerFormat(), i.diskFormat(),
                    i.minDiskBytes() == null ? 0 : ceilDiv(i.minDiskBytes(), 1L << 30), i.minRamBytes() == null ? 0 : ceilDiv(i.minRamBytes(), 1L << 20),
                    i.sizeBytes() == null ? 0 : i.sizeBytes(), null));
        }
        String definitionsDir = csar.entryDefinitions().contains("/") ? csar.entryDefinitions().substring(0, csar.entryDefinitions().lastIndexOf('/') + 1) : "";
        List<String> vnfdFiles = new ArrayList<>();
        List<VnfPackage.Artifact> artifacts = new ArrayList<>();
        for (FileDigest f : csar.files()) {
            boolean tosca = f.path().equals(csar.entryDefinitions())
                    || (!definitionsDir.isEmpty() && f.path().startsWith(definitionsDir) && (f.path().endsWith(".yaml") || f.path().endsWith(".yml")));
            if (tosca) vnfdFiles.add(f.path());
            else if (!f.path().equals(csar.manifest()) && !f.path().startsWith("TOSCA-Metadata/")) {
                artifacts.add(new VnfPackage.Artifact(f.path(), "SHA-256", f.sha256()));
            }
        }
        String option = csar.packageSignature() != null ? "OPTION_2" : csar.manifestSignature() != null ? "OPTION_1" : null;
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = -1;
        }
        return new VnfPackage.Content(csar.sha256(), size, vnfd.id(), vnfd.provider(), vnfd.product(), vnfd.softwareVersion(), vnfd.descriptorVersion(),
                option, images, artifacts, vnfdFiles, csar.manifest(), offerTransaction);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
