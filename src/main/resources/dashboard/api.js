// Calls to the service's HTTP API. Errors carry the API's {"error","field"} answer.

async function answer(response) {
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(body && body.error ? body.error : response.statusText);
    error.status = response.status;
    error.field = body ? body.field : null;
    throw error;
  }
  return body;
}

export async function getJson(path) {
  return answer(await fetch(path, { headers: { Accept: 'application/json' } }));
}

export async function postJson(path, value) {
  return answer(
    await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: value === undefined ? '' : JSON.stringify(value),
    }),
  );
}
