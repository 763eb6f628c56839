package io.pangea.karaf;

import io.pangea.karaf.PangeaNode.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes from the distribution, as an operator runs them: one connects to the other over QUIC (the preferred
 * transport) with pangea:connect, both enter each other's DHT routing table, and a provider record announced on one
 * is found from the other; pangea:peers and conntrack:list show the QUIC connection.
 */
class TwoNodesIT {
    @RegisterExtension
    static final PangeaNode first = new PangeaNode("pangea-first-");
    @RegisterExtension
    static final PangeaNode second = new PangeaNode("pangea-second-");

    @BeforeAll
    static void startBoth() throws Exception {
        first.start();
        second.start();
    }

    @AfterAll
    static void stopBoth() throws Exception {
        second.stop();
        first.stop();
    }

    @Test
    void nodesMeetOverQuicAndFindEachOthersProviders() throws Exception {
        String id = first.pangea("pangea:id").assertSuccess().output();
        Matcher quic = Pattern.compile("/ip4/127\\.0\\.0\\.1/udp/" + first.quicPort() + "/quic-v1/p2p/(\\w+)")
                .matcher(id);
        assertThat(quic.find()).as(id).isTrue();
        String firstPeer = quic.group(1);

        Result connected = second.pangea("pangea:connect", quic.group());
        assertThat(connected.exitCode()).as(connected.toString()).isZero();
        assertThat(connected.output()).contains("Connected: " + firstPeer).contains("(quic)");

        // The DHT adopts the connected peer (Identify says it serves /ipfs/kad/1.0.0) within a few seconds.
        awaitContains(second, Duration.ofSeconds(20), firstPeer, "pangea:dht-table");
        first.pangea("pangea:dht-provide", "two-nodes-it").assertSuccess();
        Result found = second.pangea("pangea:dht-find-providers", "two-nodes-it");
        assertThat(found.exitCode()).as(found.toString()).isZero();
        assertThat(found.output()).contains(firstPeer).contains("/udp/" + first.quicPort() + "/quic-v1")
                .contains("/tcp/" + first.transportPort());

        String peers = second.pangea("pangea:peers").assertSuccess().output();
        assertThat(peers).contains(firstPeer).contains("quic").contains("/udp/" + first.quicPort() + "/quic-v1");
        // The kernel tracker sees the QUIC flow and joins it to the peer; /proc lists only connected UDP sockets.
        boolean kernelTracker = second.providers("conntrack").stream()
                .anyMatch(row -> row.active() && row.provider().equals("tc"));
        if (kernelTracker) {
            String tracked = second.pangea("conntrack:list", "--port", String.valueOf(first.quicPort()))
                    .assertSuccess().output();
            assertThat(tracked).contains("udp").contains("127.0.0.1:" + first.quicPort()).contains(firstPeer);
        } else {
            System.err.println("TwoNodesIT: SKIPPED the conntrack check: the TC tracker is not active (no eBPF "
                    + "rights here)");
        }
    }

    private static void awaitContains(PangeaNode node, Duration limit, String text, String... command)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = node.pangea(command).assertSuccess().output();
            if (last.contains(text)) {
                return;
            }
            Thread.sleep(500);
        }
        assertThat(last).as("within " + limit).contains(text);
    }
}
