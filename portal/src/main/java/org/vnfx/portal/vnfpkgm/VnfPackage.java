package org.vnfx.portal.vnfpkgm;

import java.util.List;
import java.util.Map;

/**
 * One "individual VNF package" resource of ETSI GS NFV-SOL 005 (VnfPkgInfo), as the repository keeps it.
 * Values from the package are empty until it is onboarded.
 */
public record VnfPackage(
        String id,
        OnboardingState onboardingState,
        OperationalState operationalState,
        UsageState usageState,
        Map<String, Object> userDefinedData,
        Content content,
        Failure failure) {

    public enum OnboardingState { CREATED, UPLOADING, PROCESSING, ONBOARDED, ERROR }

    public enum OperationalState { ENABLED, DISABLED }

    public enum UsageState { IN_USE, NOT_IN_USE }

    /** What onboarding learnt from the package: its identity, descriptor and files. */
    public record Content(
            String sha256, long size, String vnfdId, String vnfProvider, String vnfProductName, String vnfSoftwareVersion, String vnfdVersion,
            String securityOption, List<Image> softwareImages, List<Artifact> artifacts, List<String> vnfdFiles, String manifest,
            String offerTransaction) {
        public Content {
            softwareImages = List.copyOf(softwareImages);
            artifacts = List.copyOf(artifacts);
            vnfdFiles = List.copyOf(vnfdFiles);
        }
    }

    /** A software image the VNFD names (VnfPackageSoftwareImageInfo). */
    public record Image(String id, String name, String version, String checksumAlgorithm, String checksumHash, String containerFormat,
            String diskFormat, long minDiskGb, long minRamMb, long sizeBytes, String imagePath) {}

    /** A file of the package that is not the VNFD (VnfPackageArtifactInfo). */
    public record Artifact(String artifactPath, String checksumAlgorithm, String checksumHash) {}

    /** Why onboarding failed: the problem as the API reports it. */
    public record Failure(String title, String detail) {}

    public VnfPackage {
        userDefinedData = Map.copyOf(userDefinedData);
    }
}
