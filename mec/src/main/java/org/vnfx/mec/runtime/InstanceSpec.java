package org.vnfx.mec.runtime;

import java.math.BigInteger;
import java.nio.file.Path;

/** One VNF instance to start: its deployment on chain, the verified package file, a folder of its own. */
public record InstanceSpec(BigInteger deploymentId, String functionType, Path packageFile, Path instanceDir) {}
