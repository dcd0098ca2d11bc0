// Size entry: @octokit/core, a widely used JS API client core (requests, auth, errors; no schemas).
import { Octokit } from '@octokit/core';

export function githubClient(auth) {
  const octokit = new Octokit({ auth });
  return {
    getRepo: (owner, repo) => octokit.request('GET /repos/{owner}/{repo}', { owner, repo }),
    listRepos: (org, page) => octokit.request('GET /orgs/{org}/repos', { org, page, per_page: 100 }),
  };
}
