package io.pangea.probe.internal;

/** What the running JVM says about itself and the platform; a record so that tests can pass their own. */
record JvmInfo(int availableProcessors, long maxMemory, String osArch, String osVersion, String javaVersion,
               String javaVendor, String vmName) {

    static JvmInfo current() {
        Runtime runtime = Runtime.getRuntime();
        return new JvmInfo(runtime.availableProcessors(), runtime.maxMemory(), System.getProperty("os.arch"),
                System.getProperty("os.version"), System.getProperty("java.version"),
                System.getProperty("java.vendor"), System.getProperty("java.vm.name"));
    }
}
