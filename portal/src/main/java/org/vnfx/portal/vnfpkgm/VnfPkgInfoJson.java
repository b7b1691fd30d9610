package org.vnfx.portal.vnfpkgm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.vnfx.portal.http.Http;

/** VnfPkgInfo (ETSI GS NFV-SOL 005 clause 9.5.2.5) as JSON, with its links under the API root. */
final class VnfPkgInfoJson {
    /** Complex attributes SOL005 leaves out unless asked for (clause 9.4.2.3.2). */
    static final Set<String> EXCLUDED_BY_DEFAULT = Set.of("softwareImages", "additionalArtifacts", "userDefinedData", "checksum",
            "onboardingFailureDetails");
    /** Attributes a filter or selector may name. */
    static final Set<String> ATTRIBUTES = Set.of("id", "vnfdId", "vnfProvider", "vnfProductName", "vnfSoftwareVersion", "vnfdVersion",
            "checksum", "checksum/algorithm", "checksum/hash", "packageSecurityOption", "softwareImages", "softwareImages/id",
            "softwareImages/name", "softwareImages/version", "softwareImages/containerFormat", "softwareImages/diskFormat",
            "softwareImages/checksum", "softwareImages/size", "additionalArtifacts", "additionalArtifacts/artifactPath",
            "additionalArtifacts/checksum", "onboardingState", "operationalState", "usageState", "userDefinedData",
            "onboardingFailureDetails", "_links");

    private VnfPkgInfoJson() {}

    static ObjectNode of(VnfPackage p, String apiRoot) {
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("id", p.id());
        VnfPackage.Content c = p.content();
        if (c != null) {
            n.put("vnfdId", c.vnfdId()).put("vnfProvider", c.vnfProvider()).put("vnfProductName", c.vnfProductName())
                    .put("vnfSoftwareVersion", c.vnfSoftwareVersion()).put("vnfdVersion", c.vnfdVersion());
            n.putObject("checksum").put("algorithm", "SHA-256").put("hash", c.sha256());
            if (c.securityOption() != null) n.put("packageSecurityOption", c.securityOption());
            ArrayNode images = n.putArray("softwareImages");
            for (VnfPackage.Image i : c.softwareImages()) {
                ObjectNode o = images.addObject().put("id", i.id()).put("name", i.name()).put("provider", c.vnfProvider()).put("version", i.version());
                o.putObject("checksum").put("algorithm", i.checksumAlgorithm()).put("hash", i.checksumHash());
                o.put("isEncrypted", false).put("containerFormat", i.containerFormat()).put("diskFormat", i.diskFormat())
                        .put("minDisk", i.minDiskGb()).put("minRam", i.minRamMb()).put("size", i.sizeBytes());
                if (i.imagePath() != null) o.put("imagePath", i.imagePath());
            }
            ArrayNode artifacts = n.putArray("additionalArtifacts");
            for (VnfPackage.Artifact a : c.artifacts()) {
                ObjectNode o = artifacts.addObject().put("artifactPath", a.artifactPath());
                o.putObject("checksum").put("algorithm", a.checksumAlgorithm()).put("hash", a.checksumHash());
                o.put("isEncrypted", false);
            }
        }
        n.put("onboardingState", p.onboardingState().name()).put("operationalState", p.operationalState().name())
                .put("usageState", p.usageState().name());
        n.set("userDefinedData", Http.JSON.valueToTree(p.userDefinedData()));
        if (p.failure() != null) {
            n.putObject("onboardingFailureDetails").put("type", "about:blank").put("title", p.failure().title()).put("status", 422)
                    .put("detail", p.failure().detail());
        }
        ObjectNode links = n.putObject("_links");
        String self = apiRoot + "/vnf_packages/" + p.id();
        links.putObject("self").put("href", self);
        links.putObject("vnfd").put("href", self + "/vnfd");
        links.putObject("packageContent").put("href", self + "/package_content");
        return n;
    }
}
