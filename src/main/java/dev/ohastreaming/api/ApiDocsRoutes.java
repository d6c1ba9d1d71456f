package dev.ohastreaming.api;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.Uri;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;

/**
 * The API's own description: {@code GET /openapi.json}, a hand-written OpenAPI 3.0 document kept in
 * the jar's resources, and {@code GET /docs/}, Swagger UI over it from its WebJar, so that both
 * work offline.
 *
 * <p>The document is written by hand, not derived from the routes; {@code ApiDocumentTest} holds
 * the two together, so a route added without its description fails the build.
 */
final class ApiDocsRoutes extends AllDirectives {

  /** Where the Swagger UI WebJar keeps its files; the version is the one in the build's pom. */
  static final String SWAGGER_UI_DIST = "META-INF/resources/webjars/swagger-ui/5.35.0";

  /** The document and the pages. */
  Route routes() {
    return concat(
        path(
            "openapi.json",
            () -> get(() -> getFromResource("openapi.json", ContentTypes.APPLICATION_JSON))),
        pathPrefix(
            "docs",
            () ->
                get(
                    () ->
                        concat(
                            pathEnd(
                                () ->
                                    redirect(Uri.create("/docs/"), StatusCodes.PERMANENT_REDIRECT)),
                            pathSingleSlash(() -> getFromResource("docs/index.html")),
                            getFromResourceDirectory(SWAGGER_UI_DIST)))));
  }
}
