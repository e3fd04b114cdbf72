// The matching API, same origin, with the coordinator's key in X-API-Key.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export class MatchingApi {
  constructor(key) {
    this.key = key;
  }

  async request(path, { method = "GET", params, body } = {}) {
    const url = new URL(path, window.location.origin);
    for (const [name, value] of Object.entries(params ?? {})) {
      if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
    }
    let response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          "X-API-Key": this.key,
          Accept: "application/json",
          ...(body ? { "Content-Type": "application/json" } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        cache: "no-store",
      });
    } catch (error) {
      throw new ApiError(0, `network error: ${error.message}`);
    }
    const payload = await response.json().catch(() => null);
    if (!response.ok) {
      throw new ApiError(response.status, payload?.error?.message ?? `HTTP ${response.status}`);
    }
    return payload;
  }

  stats() {
    return this.request("/v1/stats");
  }

  matches(filters) {
    return this.request("/v1/matches", { params: filters });
  }

  match(id) {
    return this.request(`/v1/matches/${encodeURIComponent(id)}`);
  }

  feedback(id, decision) {
    return this.request(`/v1/matches/${encodeURIComponent(id)}/feedback`, {
      method: "POST",
      body: { decision },
    });
  }

  network(nodeId) {
    return this.request(`/v1/network/${encodeURIComponent(nodeId)}`);
  }

  gaps(filters) {
    return this.request("/v1/reports/gaps", { params: filters });
  }
}

export async function loadReference() {
  const response = await fetch("reference.json", { cache: "no-cache" });
  if (!response.ok) throw new ApiError(response.status, "reference lists unavailable");
  return response.json();
}
