import { createRouter, createWebHistory } from 'vue-router';
import PublicLayout from './public/PublicLayout.vue';
import HomePage from './public/HomePage.vue';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    {
      path: '/',
      component: PublicLayout,
      children: [
        { path: '', name: 'home', component: HomePage, meta: { title: '首页' } },
        { path: 'search', name: 'search', component: () => import('./public/SearchPage.vue'), meta: { title: '搜索' } },
        {
          path: 'policies/:id',
          name: 'policy',
          component: () => import('./public/PolicyPage.vue'),
          meta: { title: '政策' },
        },
        {
          path: 'resources/:id',
          name: 'resource',
          component: () => import('./public/ResourcePage.vue'),
          meta: { title: '救助资源' },
        },
        {
          path: 'report',
          name: 'report',
          component: () => import('./public/ReportPage.vue'),
          meta: { title: '急难报告' },
        },
        {
          path: 'track',
          name: 'track',
          component: () => import('./public/TrackPage.vue'),
          meta: { title: '进度查询' },
        },
      ],
    },
    {
      path: '/org',
      component: () => import('./org/OrgLayout.vue'),
      children: [
        { path: '', name: 'org', component: () => import('./org/OrgResources.vue'), meta: { title: '我的资源' } },
        {
          path: 'sign-in',
          name: 'org-sign-in',
          component: () => import('./console/SignIn.vue'),
          meta: { title: '登录', console: 'org' },
        },
        {
          path: 'resources/new',
          name: 'org-new',
          component: () => import('./org/ResourceForm.vue'),
          meta: { title: '发布资源' },
        },
        {
          path: 'resources/:id/edit',
          name: 'org-edit',
          component: () => import('./org/ResourceForm.vue'),
          meta: { title: '修改资源' },
        },
        {
          path: 'inbox',
          name: 'org-inbox',
          component: () => import('./org/ReferralInbox.vue'),
          meta: { title: '转介收件箱' },
        },
      ],
    },
    {
      path: '/work',
      component: () => import('./work/WorkLayout.vue'),
      children: [
        { path: '', name: 'work', component: () => import('./work/WorkList.vue'), meta: { title: '工作台' } },
        {
          path: 'sign-in',
          name: 'work-sign-in',
          component: () => import('./console/SignIn.vue'),
          meta: { title: '登录', console: 'work' },
        },
        {
          path: 'cases/:id',
          name: 'work-case',
          component: () => import('./work/CasePage.vue'),
          meta: { title: '事件详情' },
        },
        {
          path: 'escalated',
          name: 'work-escalated',
          component: () => import('./work/EscalatedNeeds.vue'),
          meta: { title: '上报需求' },
        },
        {
          path: 'risk',
          name: 'work-risk',
          component: () => import('./work/RiskWorklist.vue'),
          meta: { title: '风险家庭' },
        },
        {
          path: 'supervision',
          name: 'work-supervision',
          component: () => import('./work/SupervisionReport.vue'),
          meta: { title: '督查报告' },
        },
        {
          path: 'tracked',
          name: 'work-tracked',
          component: () => import('./work/SupervisedCases.vue'),
          meta: { title: '跟踪督查' },
        },
      ],
    },
    {
      path: '/:rest(.*)*',
      name: 'not-found',
      component: () => import('./public/NotFound.vue'),
      meta: { title: '页面不存在' },
    },
  ],
  scrollBehavior: () => ({ top: 0 }),
});

router.afterEach((to) => {
  document.title = `${(to.meta.title as string | undefined) ?? ''} · 救急难信息平台`;
});
