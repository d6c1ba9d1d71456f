package dev.ohastreaming.api;

import akka.http.javadsl.model.MediaRange;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.Uri;
import akka.http.javadsl.model.headers.Accept;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;

/**
 * The browser dashboard: static files from the jar's {@code dashboard/} resources and the uPlot
 * chart library from its WebJar, so that it works offline and needs no build step.
 *
 * <p>{@code GET /} sends a browser (one that accepts {@code text/html}) to {@code /dashboard/}; API
 * clients fall through to the JSON service info.
 */
final class DashboardRoutes extends AllDirectives {

  /** Where the uPlot WebJar keeps its files; the version is the one in the build's pom. */
  static final String UPLOT_DIST = "META-INF/resources/webjars/uplot/1.6.30/dist";

  /** Pages and assets. */
  Route routes() {
    return concat(
        pathEndOrSingleSlash(() -> get(this::redirectBrowsers)),
        pathPrefix(
            "dashboard",
            () ->
                get(
                    () ->
                        concat(
                            pathEnd(
                                () ->
                                    redirect(
                                        Uri.create("/dashboard/"), StatusCodes.PERMANENT_REDIRECT)),
                            pathSingleSlash(() -> getFromResource("dashboard/index.html")),
                            getFromResourceDirectory("dashboard")))),
        pathPrefix("vendor", () -> pathPrefix("uplot", () -> get(this::uplot))));
  }

  private Route redirectBrowsers() {
    return headerValueByType(
        Accept.class,
        accept ->
            asksForHtml(accept)
                ? redirect(Uri.create("/dashboard/"), StatusCodes.SEE_OTHER)
                : reject());
  }

  /** True when {@code accept} names HTML itself; a bare wildcard does not count. */
  private static boolean asksForHtml(Accept accept) {
    for (MediaRange range : accept.getMediaRanges()) {
      if (range.mainType().equals("text") && range.matches(MediaTypes.TEXT_HTML)) {
        return true;
      }
    }
    return false;
  }

  private Route uplot() {
    return getFromResourceDirectory(UPLOT_DIST);
  }
}
