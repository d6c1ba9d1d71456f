# Build stage: Maven with JDK 17 builds the self-contained jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml application.conf ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests

# Runtime stage: a JRE only, running as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system oha && useradd --system --gid oha --home-dir /app oha \
    && mkdir -p /app/data && chown -R oha:oha /app
WORKDIR /app
COPY --from=build /build/target/oha-streaming-service.jar /app/oha-streaming-service.jar
USER oha
ENV PORT=3030 \
    LOG_LEVEL=info \
    JAVA_OPTS="-XX:+UseParallelGC -XX:MaxRAMPercentage=75"
EXPOSE 3030
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT}/health" || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/oha-streaming-service.jar"]
