/**
 * The Pangea page of the Felix Web Console ({@code /system/console/pangea}): the hardware facts, the providers
 * of every capability with the active one marked, and a form per capability to override the selection.
 * <p>
 * The plugin is a plain DS {@link javax.servlet.Servlet} with the {@code felix.webconsole.*} properties: the Web
 * Console wraps its GET output in the console layout and handles authentication, and passes POSTs straight
 * through, so a POST answers with a redirect back to the page (the error, if any, travels in the query).
 */
package io.pangea.webconsole.internal;
