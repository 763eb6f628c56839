/**
 * Selection and hot swap inside a real OSGi framework with the real Pangea bundles: the probe, the selector and
 * both compression providers, under Felix with SCR, ConfigAdmin and the OSGi log service.
 */
package io.pangea.itest;
