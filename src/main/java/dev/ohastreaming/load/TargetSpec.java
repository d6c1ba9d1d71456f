package dev.ohastreaming.load;

import dev.ohastreaming.stream.RequestTemplate;

/**
 * One server a test loads.
 *
 * @param name the target's name in every message ({@code runtime} on the wire), unique per test
 * @param request the request sent to it
 */
public record TargetSpec(String name, RequestTemplate request) {}
